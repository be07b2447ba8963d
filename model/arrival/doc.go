// Package arrival generates non-homogeneous Poisson arrivals (docs/ODD.md
// §6.1): matters, tickets, downward tasks and resident services arrive at
// a mean rate modulated by an hour-of-day and a day-of-week profile, by
// shocks (a multiplier over a period, such as an epidemic surge) and by a
// run-time scale (demand feedback, docs/ODD.md §6.5):
//
//	λ(t) = rate × Hour[hour of day(t)] × Weekday[day of week(t)] × Π active shock multipliers × scale
//
// Times are in minutes and t = 0 is Monday 00:00. NewProfile normalises
// the weights to mean 1, so the profile moves arrivals within the week
// without changing how many there are: a rate of 2 per minute with any
// profile still gives 20,160 arrivals a week on average.
//
// A Process draws the next arrival after t with Next, by thinning
// (Lewis and Shedler): candidates at the peak intensity of the current
// shock stretch, each kept with probability λ/peak. This is exact in
// distribution, costs about peak/mean candidates per arrival, and never
// allocates.
//
// Each process owns its *rand.Rand: one named stream per arrival process
// (type × community × source, see package rng), so that a reform which
// changes one process leaves the arrivals of every other process as they
// were (common random numbers).
//
//	prof, err := arrival.NewProfile(hours, weekdays)
//	p := arrival.New(perDay/1440, &prof, shocks, rng.New(seed, "matter/birth", community))
//	for t := p.Next(0); t < horizon; t = p.Next(t) {
//		schedule(t)
//	}
//
// Next(t) is the first arrival strictly after t, so feeding each arrival
// back in walks the whole process; +Inf means no more arrivals.
package arrival
