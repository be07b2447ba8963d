package pool

import "math"

// Stats are a pool's statistics over its observation window. Counts and
// waits are of jobs that arrived in the window; areas and busy times are
// integrals over the window.
type Stats struct {
	Name     string
	Arrivals int64 // jobs submitted in the window
	Served   int64 // jobs that finished service (whenever they arrived)
	Reneged  int64 // jobs of the window that left the queue
	Waited   int64 // jobs of the window that waited more than 0
	Wait     Acc   // wait in queue of jobs of the window that started service
	Sojourn  Acc   // submission to departure (done or reneged), jobs of the window

	QueueArea  float64 // ∫ queue length dt
	SystemArea float64 // ∫ (queue + busy) dt
	BusyOpen   float64 // ∫ busy servers dt within open hours
	BusyClosed float64 // ∫ busy servers dt outside open hours (overtime; FinishAfterClose only)
	Capacity   float64 // server-minutes open in the window (NaN when unlimited)
	Window     float64 // length of the window covered, minutes
}

// Utilisation is busy time within open hours over open server time.
func (s *Stats) Utilisation() float64 { return s.BusyOpen / s.Capacity }

// MeanQueue is the time-averaged queue length.
func (s *Stats) MeanQueue() float64 { return s.QueueArea / s.Window }

// MeanInSystem is the time-averaged number in the pool (queued + in service).
func (s *Stats) MeanInSystem() float64 { return s.SystemArea / s.Window }

// ArrivalRate is arrivals per minute over the window.
func (s *Stats) ArrivalRate() float64 { return float64(s.Arrivals) / s.Window }

// PWait is the share of started jobs that waited.
func (s *Stats) PWait() float64 { return float64(s.Waited) / float64(s.Wait.N) }

// Acc accumulates a count, a sum and a sum of squares.
type Acc struct {
	N          int64
	Sum, SumSq float64
}

func (a *Acc) add(x float64) {
	a.N++
	a.Sum += x
	a.SumSq += x * x
}

// Mean returns the mean (NaN when empty).
func (a Acc) Mean() float64 {
	if a.N == 0 {
		return math.NaN()
	}
	return a.Sum / float64(a.N)
}
