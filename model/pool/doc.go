// Package pool is the one server-pool component of the model: a set of
// identical servers with one queue, used by department windows, one-window
// halls, back offices, ticket handlers, hotline operators, dispatchers and
// grassroots units alike.
//
// A pool has
//   - a calendar (nil = 24/7): no service starts while it is closed;
//   - a staffing schedule (servers by hour of the week) or unlimited servers;
//   - a mode at closing: FinishAfterClose (a window service that started
//     before closing finishes; the time after closing is overtime) or
//     PreemptResume (work pauses at closing and resumes at the next opening:
//     a job's completion is calendar.AddWork(start, work), so paused work is
//     neither lost nor done twice, and the job keeps its server across the
//     closure);
//   - priority classes (0 is served first, FIFO within a class; a class
//     never preempts service in progress);
//   - reneging: a job submitted with a finite patience leaves the queue when
//     its patience runs out (a cancellable timer), unless service started.
//
// A drop in staffing never interrupts service in progress; it only stops
// new starts until the number busy falls below the new level.
//
// The pool reports to a Listener (Started, Done, Reneged) and keeps
// statistics over an observation window: waits of jobs that arrived in the
// window, time-averaged queue length and number in system, busy time in and
// out of open hours, and the capacity (server-minutes open) for utilisation.
package pool
