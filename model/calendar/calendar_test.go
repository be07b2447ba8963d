package calendar

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// at returns the time of day-of-week d (0 = Monday) at hh:mm in week w.
func at(w, d, hh, mm int) float64 {
	return float64(w)*Week + float64(d)*Day + float64(hh)*Hour + float64(mm)
}

const (
	mon = iota
	tue
	wed
	thu
	fri
	sat
	sun
)

var office = []string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"}

func mustParse(t testing.TB, specs ...string) *Calendar {
	t.Helper()
	c, err := Parse(specs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		specs   []string
		canon   []string
		open    float64 // weekly open minutes
		workDay float64
	}{
		{[]string{"24/7"}, []string{"24/7"}, Week, Day},
		{[]string{" 24/7 "}, []string{"24/7"}, Week, Day},
		{[]string{"daily 00:00-24:00"}, []string{"24/7"}, Week, Day},
		{office, office, 5 * 420, 420},
		{[]string{"mon-fri 13:30-17:30", "MON-FRI 9:00 - 12:00"}, office, 5 * 420, 420},
		{[]string{"Mon-Fri 09:00-12:00", "Sat 09:00-12:00"}, []string{"Mon-Sat 09:00-12:00"}, 6 * 180, 180},
		{[]string{"Mon,Wed,Fri 08:00-17:00"}, []string{"Mon,Wed,Fri 08:00-17:00"}, 3 * 540, 540},
		{[]string{"Mon-Wed,Fri 08:00-17:00"}, []string{"Mon-Wed,Fri 08:00-17:00"}, 4 * 540, 540},
		{[]string{"daily 08:00-20:00"}, []string{"daily 08:00-20:00"}, 7 * 720, 720},
		// Overlapping and touching intervals merge.
		{[]string{"Mon 09:00-12:00", "Mon 11:00-14:00", "Mon 14:00-15:00"}, []string{"Mon 09:00-15:00"}, 360, 360},
		// Night shifts: open across midnight and across the week wrap.
		{[]string{"daily 22:00-24:00", "daily 00:00-06:00"}, []string{"daily 00:00-06:00", "daily 22:00-24:00"}, 7 * 480, 480},
		{[]string{"Sun 20:00-24:00", "Mon 00:00-04:00"}, []string{"Mon 00:00-04:00", "Sun 20:00-24:00"}, 480, 240},
		// WorkDay counts days with any opening: 3h Mon + 1h Tue over 2 days.
		{[]string{"Mon 09:00-12:00", "Tue 09:00-10:00"}, []string{"Mon 09:00-12:00", "Tue 09:00-10:00"}, 240, 120},
	} {
		c, err := Parse(tc.specs)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.specs, err)
			continue
		}
		if got := c.Specs(); !slices.Equal(got, tc.canon) {
			t.Errorf("Parse(%q).Specs() = %q, want %q", tc.specs, got, tc.canon)
		}
		if got := c.WeeklyOpen(); got != tc.open {
			t.Errorf("Parse(%q).WeeklyOpen() = %v, want %v", tc.specs, got, tc.open)
		}
		if got := c.WorkDay(); got != tc.workDay {
			t.Errorf("Parse(%q).WorkDay() = %v, want %v", tc.specs, got, tc.workDay)
		}
		if back := mustParse(t, c.Specs()...); !back.Equal(c) {
			t.Errorf("Parse(%q): Specs %q do not round-trip", tc.specs, c.Specs())
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		specs []string
		msg   string
	}{
		{nil, `calendar: no opening hours (want "24/7" or intervals like "Mon-Fri 09:00-17:00")`},
		{[]string{"24/7", "Mon 09:00-12:00"}, `calendar: "24/7" must be the only entry`},
		{[]string{"Mon-Fri 12:00-09:00"}, `calendar: "Mon-Fri 12:00-09:00": end must be after start`},
		{[]string{"Mon 09:00-09:00"}, `calendar: "Mon 09:00-09:00": end must be after start`},
		{[]string{"09:00-12:00"}, `calendar: "09:00-12:00": missing days (Mon-Fri, Sat, daily, ...)`},
		{[]string{"Mon-Fri"}, `calendar: "Mon-Fri": want days and HH:MM-HH:MM`},
		{[]string{"Fun 09:00-12:00"}, `calendar: "Fun 09:00-12:00": unknown day "fun" (want Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range Mon-Fri, or daily)`},
		{[]string{"Monday 09:00-12:00"}, `calendar: "Monday 09:00-12:00": unknown day "monday" (want Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range Mon-Fri, or daily)`},
		{[]string{"Fri-Mon 09:00-12:00"}, `calendar: "Fri-Mon 09:00-12:00": day range "fri-mon" goes backwards`},
		{[]string{"Mon 9-12"}, `calendar: "Mon 9-12": want HH:MM-HH:MM between 00:00 and 24:00`},
		{[]string{"Mon 09:00"}, `calendar: "Mon 09:00": want HH:MM-HH:MM`},
		{[]string{"Mon 25:00-26:00"}, `calendar: "Mon 25:00-26:00": want HH:MM-HH:MM between 00:00 and 24:00`},
		{[]string{"Mon 24:00-24:00"}, `calendar: "Mon 24:00-24:00": want HH:MM-HH:MM between 00:00 and 24:00`},
		{[]string{"Mon 09:60-10:00"}, `calendar: "Mon 09:60-10:00": want HH:MM-HH:MM between 00:00 and 24:00`},
		{[]string{"Mon 09:00-12:00", ""}, `calendar: "": want days and HH:MM-HH:MM`},
	} {
		_, err := Parse(tc.specs)
		if err == nil || err.Error() != tc.msg {
			t.Errorf("Parse(%q):\n got %v\nwant %s", tc.specs, err, tc.msg)
		}
	}
}

// TestOffice works through the office calendar (Mon–Fri 09:00–12:00 and
// 13:30–17:30) by hand.
func TestOffice(t *testing.T) {
	c := mustParse(t, office...)
	if c.AlwaysOpen() {
		t.Fatal("office is not 24/7")
	}
	// One working day is 3h + 4h = 7h.
	if c.WorkDay() != 7*Hour {
		t.Errorf("WorkDay = %v, want 420", c.WorkDay())
	}
	for _, tc := range []struct {
		name                       string
		t                          float64
		open                       bool
		nextOpen, nextClose, chang float64
	}{
		{"Mon 08:59", at(0, mon, 8, 59), false, at(0, mon, 9, 0), at(0, mon, 8, 59), at(0, mon, 9, 0)},
		{"Mon 09:00", at(0, mon, 9, 0), true, at(0, mon, 9, 0), at(0, mon, 12, 0), at(0, mon, 12, 0)},
		{"Mon 12:00", at(0, mon, 12, 0), false, at(0, mon, 13, 30), at(0, mon, 12, 0), at(0, mon, 13, 30)},
		{"Wed 17:29", at(3, wed, 17, 29), true, at(3, wed, 17, 29), at(3, wed, 17, 30), at(3, wed, 17, 30)},
		{"Fri 17:30", at(0, fri, 17, 30), false, at(1, mon, 9, 0), at(0, fri, 17, 30), at(1, mon, 9, 0)},
		// Week wrap: Sunday night waits for Monday morning of the next week.
		{"Sun 23:00", at(0, sun, 23, 0), false, at(1, mon, 9, 0), at(0, sun, 23, 0), at(1, mon, 9, 0)},
		{"before t=0", -60, false, at(0, mon, 9, 0), -60, at(0, mon, 9, 0)},
	} {
		if got := c.IsOpen(tc.t); got != tc.open {
			t.Errorf("%s: IsOpen = %v", tc.name, got)
		}
		if got := c.NextOpen(tc.t); got != tc.nextOpen {
			t.Errorf("%s: NextOpen = %v, want %v", tc.name, got, tc.nextOpen)
		}
		if got := c.NextClose(tc.t); got != tc.nextClose {
			t.Errorf("%s: NextClose = %v, want %v", tc.name, got, tc.nextClose)
		}
		if got := c.NextChange(tc.t); got != tc.chang {
			t.Errorf("%s: NextChange = %v, want %v", tc.name, got, tc.chang)
		}
	}

	fri1600 := at(0, fri, 16, 0)
	for _, tc := range []struct {
		d    string
		want float64
		why  string
	}{
		// 1.5h left on Friday, then 2.5h on Monday: 09:00 + 2.5h.
		{"4wh", at(1, mon, 11, 30), "Fri 16:00-17:30 + Mon 09:00-11:30"},
		// 1.5h left on Friday, then Monday's 3h morning exactly: finishes at
		// 12:00, not at the 13:30 reopening.
		{"4.5wh", at(1, mon, 12, 0), "ends at a closing"},
		// 3wd = 21h: Fri 1.5h, Mon 7h (8.5), Tue 7h (15.5), Wed 3h morning
		// (18.5) and 2.5h from 13:30: Wednesday 16:00.
		{"3wd", at(1, wed, 16, 0), "Fri 1.5h + Mon 7h + Tue 7h + Wed 5.5h"},
		{"1wd", at(1, mon, 16, 0), "Fri 1.5h + Mon 3h + 2.5h from 13:30"},
		{"0wd", fri1600, "no work"},
		{"2h", fri1600 + 120, "elapsed"},
		// 10 weeks of work: 50 working days from Friday 16:00 end at the
		// same time of the same weekday, 10 weeks on.
		{"50wd", at(10, fri, 16, 0), "whole weeks"},
	} {
		d, err := ParseDuration(tc.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.End(c, fri1600); got != tc.want {
			t.Errorf("%s from Fri 16:00 = %v (%s), want %v (%s)", tc.d, got, clockString(got), tc.want, tc.why)
		}
	}

	// Open minutes: Monday has 7h; a whole week 35h; Fri 16:00 to Mon 10:00
	// is 1.5h + 1h.
	if got := c.OpenMinutes(at(0, mon, 0, 0), at(0, tue, 0, 0)); got != 420 {
		t.Errorf("Monday open minutes = %v", got)
	}
	if got := c.OpenMinutes(at(3, tue, 10, 0), at(4, tue, 10, 0)); got != 2100 {
		t.Errorf("one week open minutes = %v", got)
	}
	if got := c.OpenMinutes(fri1600, at(1, mon, 10, 0)); got != 150 {
		t.Errorf("Fri 16:00 to Mon 10:00 = %v, want 150", got)
	}
	if got := c.OpenMinutes(10, 5); got != 0 {
		t.Errorf("reversed span = %v", got)
	}
}

func clockString(t float64) string {
	w, off := split(t)
	d := int(off / Day)
	m := off - float64(d)*Day
	return fmt.Sprintf("week %v %s %02d:%05.2f", w, dayNames[d], int(m/60), math.Mod(m, 60))
}

// TestWrap: a night shift open from Sunday 20:00 to Monday 04:00 is one
// stretch across the week boundary.
func TestWrap(t *testing.T) {
	c := mustParse(t, "Sun 20:00-24:00", "Mon 00:00-04:00")
	sun23 := at(0, sun, 23, 0)
	if !c.IsOpen(sun23) || c.IsOpen(at(1, mon, 4, 0)) {
		t.Error("IsOpen wrong around the wrap")
	}
	if got, want := c.NextClose(sun23), at(1, mon, 4, 0); got != want {
		t.Errorf("NextClose(Sun 23:00) = %v, want %v (Mon 04:00)", got, want)
	}
	if got, want := c.NextChange(sun23), at(1, mon, 4, 0); got != want {
		t.Errorf("NextChange(Sun 23:00) = %v, want %v", got, want)
	}
	if got, want := c.NextClose(at(1, mon, 1, 0)), at(1, mon, 4, 0); got != want {
		t.Errorf("NextClose(Mon 01:00) = %v, want %v", got, want)
	}
	if got := c.OpenMinutes(sun23, at(1, mon, 2, 0)); got != 180 {
		t.Errorf("OpenMinutes(Sun 23:00, Mon 02:00) = %v", got)
	}
	if got, want := c.AddWork(sun23, 300), at(1, mon, 4, 0); got != want {
		t.Errorf("AddWork(Sun 23:00, 5h) = %s, want Mon 04:00", clockString(got))
	}
	if got, want := c.AddWork(sun23, 360), at(1, sun, 21, 0); got != want {
		t.Errorf("AddWork(Sun 23:00, 6h) = %s, want Sun 21:00 of the next week", clockString(got))
	}
	if got, want := c.NextOpen(at(1, mon, 4, 0)), at(1, sun, 20, 0); got != want {
		t.Errorf("NextOpen(Mon 04:00) = %v, want %v", got, want)
	}
}

func TestAlways(t *testing.T) {
	c := Always()
	if !c.AlwaysOpen() || !c.IsOpen(12345.6) {
		t.Error("24/7 is not open")
	}
	if c.NextOpen(5) != 5 || !math.IsInf(c.NextClose(5), 1) || !math.IsInf(c.NextChange(5), 1) {
		t.Error("24/7 opens or closes")
	}
	if c.AddWork(5, 100) != 105 || c.OpenMinutes(5, 105) != 100 || c.WorkDay() != Day {
		t.Error("24/7 work arithmetic")
	}
	d, _ := ParseDuration("3wd")
	if d.End(c, 0) != 3*Day || d.Approx(c) != 3*Day {
		t.Error("3wd on 24/7 is not 3 days")
	}
}

// randomCalendar builds a calendar of 1 to 6 random intervals with minute
// resolution, and the brute-force minute table of its openings.
func randomCalendar(r *rand.Rand) ([]string, *[weekMinutes]bool) {
	var table [weekMinutes]bool
	var specs []string
	for range 1 + r.IntN(6) {
		mask := uint8(1 + r.IntN(127))
		from := r.IntN(1440)
		to := from + 1 + r.IntN(1440-from)
		if r.IntN(4) == 0 { // whole hours, to get touching intervals
			from = 60 * (from / 60)
			to = max(from+60, 60*(to/60))
		}
		specs = append(specs, fmt.Sprintf("%s %02d:%02d-%02d:%02d", formatDays(mask), from/60, from%60, to/60, to%60))
		for d := range 7 {
			if mask&(1<<d) != 0 {
				for m := d*1440 + from; m < d*1440+to; m++ {
					table[m] = true
				}
			}
		}
	}
	return specs, &table
}

// TestProperties checks, on 300 random calendars and 200 random times each
// over a year (times at a random fraction of a minute), that the query
// methods agree with each other and with a brute-force minute table:
// OpenMinutes(t, AddWork(t, w)) == w within 1e-9 minutes, AddWork is the
// earliest such time, NextOpen/NextClose/NextChange bracket the open state.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 1))
	const tol = 1e-9
	for range 300 {
		specs, table := randomCalendar(r)
		c := mustParse(t, specs...)
		if back := mustParse(t, c.Specs()...); !back.Equal(c) {
			t.Fatalf("%q: Specs %q do not round-trip", specs, c.Specs())
		}
		brute := func(x float64) bool {
			_, off := split(x)
			return c.AlwaysOpen() || table[int(off)]
		}
		for range 200 {
			x := float64(r.IntN(52*weekMinutes)) + r.Float64()
			if r.IntN(3) == 0 {
				x = math.Floor(x) // exactly on minute boundaries too
			}
			open := c.IsOpen(x)
			if open != brute(x) {
				t.Fatalf("%q: IsOpen(%v) = %v, brute force says otherwise", specs, x, open)
			}
			no := c.NextOpen(x)
			if no < x || !c.IsOpen(no) || c.OpenMinutes(x, no) != 0 || (open && no != x) {
				t.Fatalf("%q: NextOpen(%v) = %v inconsistent", specs, x, no)
			}
			if !c.AlwaysOpen() {
				nc := c.NextClose(x)
				if open {
					if !(nc > x) || c.IsOpen(nc) || math.Abs(c.OpenMinutes(x, nc)-(nc-x)) > tol {
						t.Fatalf("%q: NextClose(%v) = %v inconsistent", specs, x, nc)
					}
				} else if nc != x {
					t.Fatalf("%q: NextClose(%v) = %v while closed", specs, x, nc)
				}
				ch := c.NextChange(x)
				if !(ch > x) || c.IsOpen(ch) == open {
					t.Fatalf("%q: NextChange(%v) = %v: state does not change", specs, x, ch)
				}
				if om := c.OpenMinutes(x, ch); open && math.Abs(om-(ch-x)) > tol || !open && om != 0 {
					t.Fatalf("%q: NextChange(%v) = %v: state changes before", specs, x, ch)
				}
			}
			// Work from x: up to 3 weeks of open time.
			w := r.Float64() * 3 * c.WeeklyOpen()
			if r.IntN(4) == 0 {
				w = math.Floor(w)
			}
			end := c.AddWork(x, w)
			if got := c.OpenMinutes(x, end); math.Abs(got-w) > tol {
				t.Fatalf("%q: OpenMinutes(%v, AddWork(%v, %v) = %v) = %v", specs, x, x, w, end, got)
			}
			if end > x && c.OpenMinutes(x, end-1e-6) >= w {
				t.Fatalf("%q: AddWork(%v, %v) = %v is not the earliest", specs, x, w, end)
			}
			// OpenMinutes against the minute table on whole minutes (up to
			// two days; whole weeks are checked in TestFarFuture).
			a := math.Floor(x)
			b := a + float64(r.IntN(2880))
			var want float64
			for m := a; m < b; m++ {
				if brute(m) {
					want++
				}
			}
			if got := c.OpenMinutes(a, b); got != want {
				t.Fatalf("%q: OpenMinutes(%v, %v) = %v, brute force %v", specs, a, b, got, want)
			}
		}
	}
}

// TestFarFuture: at t ≈ 10⁸ minutes (190 years) the answers are the ones
// at small t shifted by whole weeks, exactly.
func TestFarFuture(t *testing.T) {
	c := mustParse(t, office...)
	shift := 9921 * Week // ≈ 1.0000368e8
	r := rand.New(rand.NewPCG(7, 7))
	for range 10000 {
		x := float64(r.IntN(weekMinutes)) + float64(r.IntN(4))/4
		w := float64(r.IntN(20000)) / 4
		if c.IsOpen(x) != c.IsOpen(x+shift) ||
			c.NextOpen(x)+shift != c.NextOpen(x+shift) ||
			c.NextClose(x)+shift != c.NextClose(x+shift) ||
			c.NextChange(x)+shift != c.NextChange(x+shift) ||
			c.AddWork(x, w)+shift != c.AddWork(x+shift, w) ||
			c.OpenMinutes(x, x+w) != c.OpenMinutes(x+shift, x+w+shift) {
			t.Fatalf("t = %v, work %v: answers differ at t + %v", x, w, shift)
		}
	}
	// Long spans are counted by whole weeks: 10⁴ weeks of work from Monday
	// 00:00 end at the last closing of week 9999.
	if got, want := c.AddWork(0, 1e4*c.WeeklyOpen()), at(9999, fri, 17, 30); got != want {
		t.Errorf("AddWork(0, 10⁴ weeks) = %v, want %v", got, want)
	}
	if got := c.OpenMinutes(-3*Week, shift); got != 9924*2100 {
		t.Errorf("OpenMinutes over 9924 weeks = %v", got)
	}
}

func TestNoAllocation(t *testing.T) {
	c := mustParse(t, office...)
	s, err := ParseStaffing(2, []string{"Mon-Fri 09:00-12:00 = 4"})
	if err != nil {
		t.Fatal(err)
	}
	x := 12345.5
	for name, f := range map[string]func(){
		"IsOpen":          func() { _ = c.IsOpen(x) },
		"NextOpen":        func() { _ = c.NextOpen(x) },
		"NextClose":       func() { _ = c.NextClose(x) },
		"NextChange":      func() { _ = c.NextChange(x) },
		"AddWork":         func() { _ = c.AddWork(x, 5000) },
		"OpenMinutes":     func() { _ = c.OpenMinutes(x, 5e6) },
		"Staffing.At":     func() { _ = s.At(x) },
		"Staffing.Next":   func() { _ = s.NextChange(x) },
		"CapacityMinutes": func() { _ = s.CapacityMinutes(c, x, 5e6) },
		"Duration.End":    func() { _ = Duration{3, WorkDays}.End(c, x) },
	} {
		if a := testing.AllocsPerRun(100, f); a != 0 {
			t.Errorf("%s allocates %.1f times per call", name, a)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Duration
		str  string
	}{
		{"90s", Duration{1.5, Elapsed}, "90s"},
		{"12m", Duration{12, Elapsed}, "12m"},
		{"2h", Duration{120, Elapsed}, "2h"},
		{"1.5h", Duration{90, Elapsed}, "90m"},
		{"3d", Duration{3 * Day, Elapsed}, "3d"},
		{"1w", Duration{Week, Elapsed}, "1w"},
		{"52W", Duration{52 * Week, Elapsed}, "52w"},
		{"24h", Duration{Day, Elapsed}, "1d"},
		{"0s", Duration{0, Elapsed}, "0s"},
		{"4wh", Duration{240, WorkHours}, "4wh"},
		{"0.5wh", Duration{30, WorkHours}, "0.5wh"},
		{"3wd", Duration{3, WorkDays}, "3wd"},
		{" 20wd ", Duration{20, WorkDays}, "20wd"},
		{"1.25wd", Duration{1.25, WorkDays}, "1.25wd"},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		if s := got.String(); s != tc.str {
			t.Errorf("ParseDuration(%q).String() = %q, want %q", tc.in, s, tc.str)
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{"", "calendar: empty duration"},
		{"12", `calendar: duration "12" needs a unit (s, m, h, d, w, wh, wd)`},
		{"-3d", `calendar: duration "-3d" is negative`},
		{"3x", `calendar: duration "3x": unknown unit "x" (want s, m, h, d, w, wh, wd)`},
		{"h", `calendar: duration "h": not a number with a unit`},
		{"infh", `calendar: duration "infh": not a number with a unit`},
		{"0x1p3h", `calendar: duration "0x1p3h": not a number with a unit`},
		{"1e400d", `calendar: duration "1e400d" is not finite`},
		{"1e306w", `calendar: duration "1e306w" is not finite`},
	} {
		if _, err := ParseDuration(tc.in); err == nil || err.Error() != tc.msg {
			t.Errorf("ParseDuration(%q) = %v, want %s", tc.in, err, tc.msg)
		}
	}

	c := mustParse(t, office...)
	for _, tc := range []struct {
		in     string
		approx float64
	}{
		{"2h", 120},
		{"7wh", 7 * Hour * Week / (35 * Hour)}, // a fifth of a week
		{"5wd", Week},
		{"20wd", 4 * Week},
	} {
		d, _ := ParseDuration(tc.in)
		if got := d.Approx(c); math.Abs(got-tc.approx) > 1e-9 {
			t.Errorf("%s.Approx(office) = %v, want %v", tc.in, got, tc.approx)
		}
	}
}

func TestStaffing(t *testing.T) {
	s, err := ParseStaffing(2, []string{
		"Mon-Fri 09:00-12:00 = 6",
		"Mon-Fri 13:00-17:00 = 4",
		"Wed 10:00-11:00 = 0", // later specs override
		"Sat 09:00-12:00 = 2", // equal to the base: no change
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.IsFlat() || s.Max() != 6 || s.Base() != 2 {
		t.Errorf("IsFlat %v, Max %d, Base %d", s.IsFlat(), s.Max(), s.Base())
	}
	for _, tc := range []struct {
		t      float64
		n      int
		change float64
	}{
		{at(0, mon, 8, 59), 2, at(0, mon, 9, 0)},
		{at(0, mon, 9, 0), 6, at(0, mon, 12, 0)},
		{at(0, wed, 10, 30), 0, at(0, wed, 11, 0)},
		{at(3, fri, 16, 59), 4, at(3, fri, 17, 0)},
		{at(3, fri, 17, 0), 2, at(4, mon, 9, 0)}, // across the weekend and the week wrap
		{at(0, sat, 10, 0), 2, at(1, mon, 9, 0)},
	} {
		if got := s.At(tc.t); got != tc.n {
			t.Errorf("At(%s) = %d, want %d", clockString(tc.t), got, tc.n)
		}
		if got := s.NextChange(tc.t); got != tc.change {
			t.Errorf("NextChange(%s) = %s, want %s", clockString(tc.t), clockString(got), clockString(tc.change))
		}
	}
	wantSpecs := []string{"Mon-Tue,Thu-Fri 09:00-12:00 = 6", "Mon-Fri 13:00-17:00 = 4",
		"Wed 09:00-10:00 = 6", "Wed 10:00-11:00 = 0", "Wed 11:00-12:00 = 6"}
	if got := s.Specs(); !slices.Equal(got, wantSpecs) {
		t.Errorf("Specs = %q\nwant %q", got, wantSpecs)
	}
	if back, err := ParseStaffing(s.Base(), s.Specs()); err != nil || !back.Equal(s) {
		t.Errorf("Specs do not round-trip: %v", err)
	}

	f := Flat(3)
	if !f.IsFlat() || f.At(123) != 3 || f.Max() != 3 || !math.IsInf(f.NextChange(0), 1) || f.Specs() != nil {
		t.Error("Flat(3) is not flat at 3")
	}
	// A schedule at one level everywhere is flat.
	if g, err := ParseStaffing(1, []string{"daily 00:00-24:00 = 5"}); err != nil || !g.Equal(Flat(5)) {
		t.Errorf("all-hours schedule = %v, %v; want Flat(5)", g, err)
	}

	for _, tc := range []struct {
		base  int
		specs []string
		msg   string
	}{
		{-1, nil, "calendar: staffing base -1 out of range [0, 2147483647]"},
		{2, []string{"Mon 09:30-12:00 = 4"}, `calendar: "Mon 09:30-12:00 = 4": staffing changes on whole hours only`},
		{2, []string{"Mon 09:00-12:00"}, `calendar: "Mon 09:00-12:00": want "Mon-Fri 09:00-12:00 = N"`},
		{2, []string{"Mon 09:00-12:00 = -1"}, `calendar: "Mon 09:00-12:00 = -1": want a whole number of servers >= 0 after "="`},
		{2, []string{"Mon 09:00-12:00 = 2.5"}, `calendar: "Mon 09:00-12:00 = 2.5": want a whole number of servers >= 0 after "="`},
		{2, []string{"Mon 12:00-09:00 = 3"}, `calendar: "Mon 12:00-09:00 = 3": end must be after start`},
	} {
		if _, err := ParseStaffing(tc.base, tc.specs); err == nil || err.Error() != tc.msg {
			t.Errorf("ParseStaffing(%d, %q) = %v, want %s", tc.base, tc.specs, err, tc.msg)
		}
	}
}

// TestCapacityMinutes compares with a minute-by-minute sum.
func TestCapacityMinutes(t *testing.T) {
	c := mustParse(t, office...)
	s, err := ParseStaffing(1, []string{"Mon-Fri 09:00-12:00 = 3", "Tue 13:00-15:00 = 5", "Sun 10:00-11:00 = 9"})
	if err != nil {
		t.Fatal(err)
	}
	brute := func(a, b float64) float64 {
		var sum float64
		for m := a; m < b; m++ {
			if c.IsOpen(m) {
				sum += float64(s.At(m))
			}
		}
		return sum
	}
	// One week: mornings 5·3h·3 + afternoons 5·4h·1 + Tue 13:30-15:00 at 5
	// instead of 1.
	if got, want := s.CapacityMinutes(c, 0, Week), float64(5*180*3+5*240+90*4); got != want {
		t.Errorf("one week = %v, want %v", got, want)
	}
	r := rand.New(rand.NewPCG(3, 3))
	for range 20 {
		a := float64(r.IntN(3 * weekMinutes))
		b := a + float64(r.IntN(3*weekMinutes))
		if got, want := s.CapacityMinutes(c, a, b), brute(a, b); got != want {
			t.Errorf("CapacityMinutes(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
	if got, want := s.CapacityMinutes(c, 0, 520*Week), 520*s.CapacityMinutes(c, 0, Week); got != want {
		t.Errorf("ten years = %v, want %v", got, want)
	}
	if got := Flat(4).CapacityMinutes(c, 0, Week); got != 4*2100 {
		t.Errorf("Flat(4) one week = %v", got)
	}
}

// FuzzParse feeds one string to Parse (split at ";"), ParseDuration and
// ParseStaffing: none may panic, and whatever parses must print back to
// specs that parse to an equal value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"24/7", "Mon-Fri 09:00-12:00;Mon-Fri 13:30-17:30", "daily 22:00-24:00;Mon 00:00-06:00",
		"Mon,Wed-Fri 08:00-17:00 = 3", "90s", "1.5h", "4wh", "0.1wh", "3wd", "1e300w", "Sun 23:00-24:00 = 0;Mon 00:00-01:00=7"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, base int) {
		specs := strings.Split(s, ";")
		if c, err := Parse(specs); err == nil {
			back, err := Parse(c.Specs())
			if err != nil || !back.Equal(c) {
				t.Fatalf("calendar %q: Specs %q parse to %v, %v", specs, c.Specs(), back, err)
			}
			_ = c.AddWork(float64(base), 1000)
			_ = c.NextChange(float64(base))
		}
		if d, err := ParseDuration(s); err == nil {
			back, err := ParseDuration(d.String())
			if err != nil || back != d {
				t.Fatalf("duration %q = %+v: String %q parses to %+v, %v", s, d, d.String(), back, err)
			}
		}
		if st, err := ParseStaffing(base, specs); err == nil {
			back, err := ParseStaffing(st.Base(), st.Specs())
			if err != nil || !back.Equal(st) {
				t.Fatalf("staffing %d %q: Specs %q parse to %v, %v", base, specs, st.Specs(), back, err)
			}
			_ = st.NextChange(float64(base))
		}
	})
}

func BenchmarkAddWork(b *testing.B) {
	c := mustParse(b, office...)
	x := 0.0
	for b.Loop() {
		x = c.AddWork(x, 37)
	}
}

func BenchmarkIsOpen(b *testing.B) {
	c := mustParse(b, office...)
	x := 0.0
	for b.Loop() {
		_ = c.IsOpen(x)
		x += 7.3
	}
}
