package arrival_test

import (
	"fmt"

	"github.com/tiaokuai/tiaokuai/model/arrival"
	"github.com/tiaokuai/tiaokuai/model/rng"
)

// A hotline stream: 1,440 calls a day on average, none at night, fewer at
// weekends, and a fortnight at triple demand from week 2.
func Example() {
	hours := []float64{0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 2, 2, 3, 3, 3, 2, 2, 1, 1, 1, 0, 0}
	weekdays := []float64{6, 5, 5, 5, 6, 2, 1}
	prof, err := arrival.NewProfile(hours, weekdays)
	if err != nil {
		panic(err)
	}
	const week = 7 * 24 * 60
	surge := []arrival.Shock{{Start: 2 * week, End: 4 * week, Mult: 3}}
	p := arrival.New(1440.0/(24*60), &prof, surge, rng.New(1, "ticket/noise/hotline", 0))

	perWeek := make([]float64, 5)
	for t := p.Next(0); t < 5*week; t = p.Next(t) {
		perWeek[int(t/week)]++
	}
	for w, n := range perWeek {
		fmt.Printf("week %d: about %.0f thousand calls\n", w, n/1000)
	}
	fmt.Printf("Monday 03:00 %.2f/min, Monday 10:00 %.2f/min\n", p.Rate(3*60), p.Rate(10*60))
	// Output:
	// week 0: about 10 thousand calls
	// week 1: about 10 thousand calls
	// week 2: about 30 thousand calls
	// week 3: about 30 thousand calls
	// week 4: about 10 thousand calls
	// Monday 03:00 0.00/min, Monday 10:00 3.15/min
}
