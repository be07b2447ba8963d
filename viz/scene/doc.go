// Package scene draws a running city: it lays the city out from a
// model.Layout (districts → streets → communities, with the department
// offices, the one-window halls, the 12345 hotline, the dispatch centre
// and the online platform as boxes), and turns model snapshots into
// drawing calls against a small Canvas interface: rectangles, discs,
// lines and text (Chinese or English labels).
//
// Citizens are dots coloured by channel: travelling ones are interpolated
// from home to the unit they are going to, queueing ones line up under a
// box, served ones sit at its windows. Tickets are diamonds that hop
// between places (purple, then amber after one bounce, red after two or
// more); files handed between offices are small squares. Streets and
// communities are coloured by their load (LoadColour).
//
// The scene keeps an animation clock advanced by the caller, never by the
// wall clock, so a recording of the same scenario and seed is the same
// bytes, and a viewer's speed never depends on its frame rate. The side
// panel (DrawPanel) shows the clock, live KPIs, running charts, levers and
// a legend for one pane or two side by side.
package scene
