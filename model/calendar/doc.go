// Package calendar holds the weekly time of the model: opening hours,
// working-time durations and staffing schedules (docs/ODD.md §6.1).
//
// Time is a float64 count of minutes; t = 0 is Monday 00:00 and the week
// repeats forever (Hour, Day and Week are in minutes).
//
// # Calendars
//
// A Calendar is either 24/7 or open on weekly intervals:
//
//	calendar.Parse([]string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"})
//
// Days are Mon Tue Wed Thu Fri Sat Sun (any case), ranges "Mon-Fri", lists
// "Mon,Wed,Fri" (or "Mon-Wed,Sat") and "daily"; times are HH:MM with
// "24:00" allowed as an end. Intervals may overlap; the calendar is open on
// their union, and touching intervals form one stretch — also across
// midnight and across Sunday 24:00 (a night shift "Sun 22:00-24:00",
// "Mon 00:00-06:00" closes once, on Monday at 06:00).
//
// The query methods answer what a simulation asks: IsOpen, NextOpen (when
// can a citizen be served), NextClose and NextChange (when to schedule the
// next opening or closing event), OpenMinutes (open time in a span, for
// utilisation) and AddWork (when does work that pauses at closing and
// resumes at the next opening finish: preempt-resume). They binary-search
// the week's intervals and skip whole weeks arithmetically, so they cost
// O(log n) at any t, never allocate, and stay exact far from t = 0: t is
// split into a whole number of weeks and an offset, and both parts are
// computed exactly.
//
// Specs prints a canonical form that Parse reads back to an Equal
// calendar, e.g. for a run's manifest.
//
// # Durations
//
// A Duration is elapsed ("90s", "12m", "1.5h", "3d", "1w") or working time:
// "4wh" is four open hours of a unit's calendar, "3wd" three working days,
// a working day being the calendar's weekly open time divided by the
// number of weekdays with any opening (7h for the office hours above). End
// turns a duration started at t into the time it ends on a given calendar:
//
//	d, _ := calendar.ParseDuration("3wd")
//	deadline := d.End(office, now) // Friday 16:00 → Wednesday 16:00
//
// # Staffing
//
// A Staffing is a number of servers for each of the 168 hours of the week:
// a base count and overrides on whole hours,
//
//	calendar.ParseStaffing(2, []string{"Mon-Fri 09:00-12:00 = 4"})
//
// later overrides winning. It is a small value; flat staffing (Flat(n))
// carries no table. CapacityMinutes integrates servers over a calendar's
// open time, the denominator of a utilisation.
package calendar
