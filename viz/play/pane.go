package play

import (
	"fmt"
	"math"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// MaxDays is how many daily rows a pane keeps for its charts.
const MaxDays = 90

// Spec names a scenario to run: a shipped name or a file, --set values
// and the seed (0: the scenario's own).
type Spec struct {
	Scenario string
	Sets     []string
	Seed     uint64
}

// Pane is one running scenario: the model, its scene, the daily rows for
// the charts and the journey counts for the KPIs. Its interventions are
// logged so that it can be cloned (split screen) exactly.
type Pane struct {
	Spec  Spec
	Title string
	Cfg   *model.Config
	Seed  uint64
	M     *model.Model
	Scene *scene.Scene

	Days []model.DayRow
	snap model.Snapshot

	// Journey counts since the start.
	TicketsArrived, Returns int64
	completed               int64 // matters completed since the start

	log []intervention // in time order
}

type intervention struct {
	t float64
	l model.Levers
	r model.Responsibility
}

// Load reads the scenario of spec.
func Load(spec Spec) (*model.Config, uint64, error) {
	cfg, _, err := scenarios.Load(spec.Scenario, spec.Sets)
	if err != nil {
		return nil, 0, err
	}
	seed := spec.Seed
	if seed == 0 {
		seed = cfg.Run.Seed
	}
	if seed == 0 {
		seed = 1
	}
	return cfg, seed, nil
}

// NewPane builds a pane for spec with its map in r.
func NewPane(spec Spec, r scene.Rect, lang i18n.Lang) (*Pane, error) {
	cfg, seed, err := Load(spec)
	if err != nil {
		return nil, err
	}
	p := &Pane{Spec: spec, Cfg: cfg, Seed: seed, Title: cfg.Name}
	if err := p.restart(nil); err != nil {
		return nil, err
	}
	p.Scene = scene.New(p.M.Layout(), r, lang)
	p.Scene.Update(&p.snap, 0)
	return p, nil
}

// restart builds the model afresh and replays log up to its last entry.
func (p *Pane) restart(log []intervention) error {
	m, err := model.New(p.Cfg, p.Seed, model.Options{
		Observer: model.ObserverFunc(p.observe),
		Daily:    p.daily,
	})
	if err != nil {
		return err
	}
	p.M = m
	p.Days = p.Days[:0]
	p.TicketsArrived, p.Returns, p.completed = 0, 0, 0
	p.log = nil
	for _, iv := range log {
		p.M.RunUntil(iv.t)
		p.intervene(iv.l, iv.r)
	}
	p.M.Snapshot(&p.snap)
	if p.Scene != nil {
		p.Scene.Reset()
		p.Scene.Update(&p.snap, 0)
	}
	return nil
}

func (p *Pane) observe(j *model.Journey) {
	if j.Entity != model.EntityTicket {
		return
	}
	switch j.Kind {
	case model.JArrival:
		p.TicketsArrived++
	case model.JReturn:
		p.Returns++
	}
}

func (p *Pane) daily(row *model.DayRow) {
	p.completed += row.Completed
	if len(p.Days) == MaxDays {
		copy(p.Days, p.Days[1:])
		p.Days = p.Days[:MaxDays-1]
	}
	p.Days = append(p.Days, *row)
}

// Now is the pane's simulated time in minutes.
func (p *Pane) Now() float64 { return p.M.Now() }

// Finished reports whether the run is over.
func (p *Pane) Finished() bool { return p.M.Finished() }

// Advance runs the model to time t (minutes), takes a snapshot and moves
// the scene's animation clock on by dt seconds.
func (p *Pane) Advance(t, dt float64) {
	if t > p.M.Now() {
		p.M.RunUntil(t)
	}
	p.M.Snapshot(&p.snap)
	p.Scene.Update(&p.snap, dt)
}

// Levers are the levers in force.
func (p *Pane) Levers() (model.Levers, model.Responsibility) { return p.M.Levers() }

// Intervene puts levers in force from now on (and logs them).
func (p *Pane) Intervene(l model.Levers, r model.Responsibility) { p.intervene(l, r) }

func (p *Pane) intervene(l model.Levers, r model.Responsibility) {
	p.M.Intervene(l, r)
	p.log = append(p.log, intervention{p.M.Now(), l, r})
}

// Restart runs the same scenario and seed again from the start with the
// levers now in force put in force at time 0.
func (p *Pane) Restart() error {
	l, r := p.Levers()
	if err := p.restart(nil); err != nil {
		return err
	}
	p.intervene(l, r)
	return nil
}

// Clone makes a second pane running the same scenario and seed with the
// same interventions at the same times, caught up to time t (minutes):
// the two are identical until one of them is changed.
func (p *Pane) Clone(t float64, r scene.Rect) (*Pane, error) {
	q := &Pane{Spec: p.Spec, Title: p.Title, Cfg: p.Cfg, Seed: p.Seed}
	if err := q.restart(p.log); err != nil {
		return nil, err
	}
	q.M.RunUntil(t)
	q.M.Snapshot(&q.snap)
	q.Scene = scene.New(q.M.Layout(), r, p.Scene.Lang)
	q.Scene.Update(&q.snap, 0)
	return q, nil
}

// Stats are a pane's live KPIs.
type Stats struct {
	Open, Travelling, Queued, InHalls int
	Visits, Latency, Online           float64 // over the last 7 days
	Completed                         int64
	TicketsOpen                       int
	BouncesPerTicket                  float64
	Backlog                           float64 // hours
	// The three rates 三率 of the ticket closures rated over the last 7
	// days (NaN when none was rated): responded on time, rated resolved,
	// satisfied.
	Response, Resolution, Satisfaction float64
	Rated                              int64 // closures rated over the last 7 days
}

// Stats computes the live KPIs from the latest snapshot and daily rows.
func (p *Pane) Stats() Stats {
	s := Stats{Open: len(p.snap.Matters), TicketsOpen: len(p.snap.Tickets)}
	T := p.snap.T
	for i := range p.snap.Matters {
		ms := &p.snap.Matters[i]
		if ms.Stage == model.StageTravel && T >= ms.Until-math.Min(ms.Until-ms.Since, scene.TripMinutes) {
			s.Travelling++
		}
	}
	for _, u := range p.snap.Units {
		switch u.Unit.Kind {
		case model.UnitOffice:
			s.Queued += u.Queued
		case model.UnitHall:
			s.Queued += u.Queued
			s.InHalls += u.Queued + u.Busy
		case model.UnitStreet, model.UnitCommunity:
			s.Backlog += u.Backlog
		}
	}
	s.Completed = p.completed
	var vis, lat, done, onl, arr float64
	var resp, reso, sat float64
	for _, d := range p.Days[max(0, len(p.Days)-7):] {
		if d.RatedClosures > 0 {
			n := float64(d.RatedClosures)
			resp += d.ResponseRate * n
			reso += d.ResolutionRate * n
			sat += d.SatisfactionRate * n
			s.Rated += d.RatedClosures
		}
		if d.Completed > 0 {
			n := float64(d.Completed)
			vis += d.VisitsMean * n
			lat += d.LatencyMean * n
			done += n
		}
		if d.Arrived > 0 {
			arr += float64(d.Arrived)
			onl += d.OnlineShare * float64(d.Arrived)
		}
	}
	s.Visits, s.Latency, s.Online = math.NaN(), math.NaN(), math.NaN()
	if done > 0 {
		s.Visits, s.Latency = vis/done, lat/done
	}
	if arr > 0 {
		s.Online = onl / arr
	}
	s.Response, s.Resolution, s.Satisfaction = math.NaN(), math.NaN(), math.NaN()
	if n := float64(s.Rated); n > 0 {
		s.Response, s.Resolution, s.Satisfaction = resp/n, reso/n, sat/n
	}
	if p.TicketsArrived > 0 {
		s.BouncesPerTicket = float64(p.Returns) / float64(p.TicketsArrived)
	}
	return s
}

// PanePanel is the pane's part of the side panel.
func (p *Pane) PanePanel(lang i18n.Lang) scene.PanePanel {
	st := p.Stats()
	num := func(v float64, f string) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf(f, v)
	}
	pp := scene.PanePanel{Title: p.Title, Seed: p.Seed, Finished: p.Finished()}
	pp.KPIs = []scene.KV{
		{Label: scene.MsgMattersActive.In(lang), Value: fmt.Sprint(st.Open)},
		{Label: scene.MsgTravelling.In(lang), Value: fmt.Sprint(st.Travelling)},
		{Label: scene.MsgQueued.In(lang), Value: fmt.Sprint(st.Queued)},
		{Label: scene.MsgVisits.In(lang) + " (7d)", Value: num(st.Visits, "%.2f")},
		{Label: scene.MsgLatency.In(lang) + " (7d)", Value: num(st.Latency, "%.1f")},
		{Label: scene.MsgOnlineShare.In(lang) + " (7d)", Value: num(100*st.Online, "%.0f%%")},
		{Label: scene.MsgCompleted.In(lang), Value: fmt.Sprint(st.Completed)},
		{Label: scene.MsgTicketsOpen.In(lang), Value: fmt.Sprint(st.TicketsOpen)},
		{Label: scene.MsgBounces.In(lang), Value: fmt.Sprintf("%.2f", st.BouncesPerTicket)},
		{Label: scene.MsgBacklog.In(lang), Value: fmt.Sprintf("%.0f", st.Backlog)},
		{Label: scene.MsgResponseRate.In(lang) + " (7d)", Value: num(100*st.Response, "%.0f%%")},
		{Label: scene.MsgResolutionRate.In(lang) + " (7d)", Value: num(100*st.Resolution, "%.0f%%")},
		{Label: scene.MsgSatisfactionRate.In(lang) + " (7d)", Value: num(100*st.Satisfaction, "%.0f%%")},
	}
	series := func(m scene.Msg, f func(d *model.DayRow) float64) scene.Series {
		s := scene.Series{Label: m.In(lang)}
		for i := range p.Days {
			s.Values = append(s.Values, f(&p.Days[i]))
		}
		return s
	}
	pp.Charts = []scene.Series{
		series(scene.MsgChartInProgress, func(d *model.DayRow) float64 { return float64(d.InProgress) }),
		series(scene.MsgChartVisits, func(d *model.DayRow) float64 { return d.VisitsMean }),
		series(scene.MsgLatency, func(d *model.DayRow) float64 { return d.LatencyMean }),
		series(scene.MsgChartBacklog, func(d *model.DayRow) float64 { return d.BacklogHours }),
	}
	pp.Levers = p.LeverStates(lang)
	return pp
}
