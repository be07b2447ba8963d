package calendar_test

import (
	"fmt"

	"github.com/tiaokuai/tiaokuai/model/calendar"
)

// hm prints a time as "week day HH:MM".
func hm(t float64) string {
	w := int(t / calendar.Week)
	m := int(t) - w*int(calendar.Week)
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	return fmt.Sprintf("week %d %s %02d:%02d", w, days[m/1440], m%1440/60, m%60)
}

func Example() {
	office, err := calendar.Parse([]string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"})
	if err != nil {
		panic(err)
	}
	fmt.Println("working day:", office.WorkDay()/60, "hours")

	friday := 4*calendar.Day + 16*calendar.Hour // Friday 16:00
	fmt.Println("open:", office.IsOpen(friday), "closes:", hm(office.NextClose(friday)))

	limit, _ := calendar.ParseDuration("3wd")
	fmt.Println("3wd from Friday 16:00 ends", hm(limit.End(office, friday)))
	// Output:
	// working day: 7 hours
	// open: true closes: week 0 Fri 17:30
	// 3wd from Friday 16:00 ends week 1 Wed 16:00
}

func ExampleParseStaffing() {
	windows, err := calendar.ParseStaffing(2, []string{"Mon-Fri 09:00-12:00 = 4"})
	if err != nil {
		panic(err)
	}
	monday10 := 10 * calendar.Hour
	fmt.Println(windows.At(monday10), windows.At(monday10+3*calendar.Hour), windows.Max())
	fmt.Println(hm(windows.NextChange(monday10)))
	// Output:
	// 4 2 4
	// week 0 Mon 12:00
}
