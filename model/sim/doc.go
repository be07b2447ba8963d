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
// The event list has two tiers. Events due soon are in a 4-ary min-heap of
// values ordered by (time, sequence number), which avoids interface calls
// and keeps the children of a node in one cache line. Later events wait
// unsorted in buckets of Δ minutes, and a bucket moves into the heap when
// the heap runs empty. A large city keeps hundreds of thousands of events
// pending, most of them hours or days ahead: a heap holding them all misses
// the cache on every pop, the near heap holds a few hundred. The kernel is
// two to three times as fast as container/heap on the classic hold
// benchmark (BenchmarkHold) and on the large city's pending set
// (BenchmarkHoldLarge). Δ follows the event rate, but the delivery order
// does not depend on it: events come out exactly as from a single heap.
//
// Cancelling an event is lazy: the event is marked and dropped when it
// reaches the front of the heap or its bucket moves into the heap, and
// Pending counts it until then. Scheduling into the past is a broken
// invariant and panics.
package sim
