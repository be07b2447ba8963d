// Package model is the simulation: one run of a resolved scenario (a Config
// from package scenarios) with one seed, a pure function of the two. New
// builds a Model; Run runs it and returns its Results (summary.json);
// Options add an Observer of journey events and a DayRow a day
// (timeseries.csv); Snapshot and Layout are what a viewer draws. The model
// never prints, draws or writes files.
//
// The files follow the sections of docs/ODD.md:
//
//   - §2 entities and state: config.go (Config: every parameter with its
//     TOML key and default), city.go (the kuai tree and the citizens),
//     model.go (the Model and its units: offices, halls, streets,
//     communities, hotline, dispatch), slab.go and rand.go (recycled
//     matters and tickets, each with its own stream), layout.go (the city
//     as drawn);
//   - §3 scheduling: model.go (event kinds, Handle, Intervene, Run) and
//     jobs.go (the purposes of pool jobs, and the pool.Listener that hands
//     each finished job to its matter, ticket or unit);
//   - §4 stochasticity and arrivals: arrivals.go (one city-wide process
//     per type, the unit drawn); packages rng and arrival;
//   - §6.1 time, calendars, distributions: packages calendar, dist, pool
//     (the one server pool) and sim (the event list);
//   - §6.2 service matters: matter.go;
//   - §6.3 tickets: ticket.go;
//   - §6.4 downward tasks, resident services, grassroots work: grassroots.go;
//   - §6.5 citizens' channel choice, satisfaction and trust, departments'
//     return propensity, demand feedback: adaptation.go;
//   - §6.6 levers and costs: lever.go (LeverTable, the one list of levers:
//     key, label, viewer key; kind and cost rule from the field's type) and
//     cost.go;
//   - §6.7 outcomes and accountability: outcome.go (urgency classes,
//     response, neglect, handling outcome, callback and rating, reopening,
//     from each ticket's second stream);
//   - §7 KPIs: results.go (matters, units, the daily row),
//     results_tickets.go (tickets, departments, grassroots),
//     results_outcome.go (the three rates and outcomes by group, the
//     4-weekly ranking, the catalogue view), observer.go (journey events,
//     snapshots); package stats.
//
// A new lever is its field in config.go, its schema rule (package
// scenarios), its LeverTable row, its lines in scenarios/FORMAT.md and
// docs/ODD.md, and tests; costs, interventions and the viewer follow.
//
// A new KPI is a field of Results and its accumulator (results.go or
// results_tickets.go), fed where its event happens (the file of its section
// above) and documented in docs/OUTPUT.md; sweeps find it by reflection.
//
// The tests check the closed forms and patterns of docs/ODD.md §1
// (model_test.go, tickets_test.go, patterns_test.go, tickets2_test.go,
// outcome_test.go, pool/pool_test.go) and invariants such as conserved work
// (invariants_test.go).
package model
