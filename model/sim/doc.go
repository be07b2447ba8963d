// Package sim is the discrete-event kernel: one ordered event list per run,
// a clock, deterministic tie-breaking and cancellable events.
//
// Events are small values (a time, a target, a kind and two arguments), not
// closures: a run schedules millions of them and must not allocate per
// event. Each component that receives events registers a Handler and gets a
// Target; the kernel calls Handler.Handle for each event addressed to it, in
// order of (time, sequence number). The sequence number is assigned when an
// event is scheduled, so events at equal times run in the order they were
// scheduled and a run is a pure function of its inputs.
//
// The event list is a 4-ary min-heap of values stored in one slice. It is
// about twice as fast as container/heap on the classic hold benchmark (see
// BenchmarkHold), because it avoids interface calls and keeps children of a
// node in one cache line.
//
// Cancelling an event is lazy: the handle is remembered and the event is
// dropped when it reaches the front. Scheduling into the past is a broken
// invariant and panics.
package sim
