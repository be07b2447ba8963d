package model

import (
	"math"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Latency histograms: a fine one for percentiles (100 bins per decade,
// quantile error ≤ 2.3%, see stats.LogHist) and a coarse one for output.
const (
	latLo, latHi       = 1e-3, 1e4 // days
	latFine, latCoarse = 100, 10
)

// groupAcc accumulates the matter KPIs of one group (overall, a type, a
// district, a literacy quintile). Its memory is fixed.
type groupAcc struct {
	arrived, completed int64
	lat                stats.Moments // days
	fine, coarse       *stats.LogHist
	visits             stats.Moments
	visitCounts        [7]int64
	onTime, online     int64
	calls              int64
}

func newGroup() *groupAcc {
	return &groupAcc{fine: stats.NewLogHist(latLo, latHi, latFine), coarse: stats.NewLogHist(latLo, latHi, latCoarse)}
}

type results struct {
	overall    *groupAcc
	byType     []*groupAcc
	byDistrict []*groupAcc
	byQuintile []*groupAcc
	byChannel  []*groupAcc
}

func newResults(m *Model) *results {
	r := &results{overall: newGroup()}
	for range m.cfg.Matters {
		r.byType = append(r.byType, newGroup())
	}
	for range m.cfg.City.Districts {
		r.byDistrict = append(r.byDistrict, newGroup())
	}
	for range 5 {
		r.byQuintile = append(r.byQuintile, newGroup())
	}
	for range channelNames {
		r.byChannel = append(r.byChannel, newGroup())
	}
	return r
}

func (r *results) groups(m *Model, mt *matter) [5]*groupAcc {
	return [5]*groupAcc{r.overall, r.byType[mt.typ], r.byDistrict[m.city.comDistrict[mt.com]], r.byQuintile[m.cit.quintile[mt.citizen]], r.byChannel[mt.channel]}
}

func (r *results) matterArrived(m *Model, mt *matter) {
	for _, g := range r.groups(m, mt) {
		g.arrived++
	}
}

func (r *results) matterDone(m *Model, mt *matter, lat float64) {
	days := lat / calendar.Day
	v := int(mt.visits)
	for _, g := range r.groups(m, mt) {
		g.completed++
		g.lat.Add(days)
		g.fine.Add(days)
		g.coarse.Add(days)
		g.visits.Add(float64(v))
		g.visitCounts[min(v, 6)]++
		if m.s.Now() <= mt.deadline {
			g.onTime++
		}
		if mt.channel == Online {
			g.online++
		}
		g.calls += int64(mt.calls)
	}
}

// Group is the matter KPIs of one group (docs/ODD.md §7). Latencies are in
// days; shares are of completed matters.
type Group struct {
	Name             string    `json:"name"`
	Arrived          int64     `json:"arrived"`
	Completed        int64     `json:"completed"`
	OpenAtEnd        int64     `json:"open_at_end"`
	LatencyMean      float64   `json:"latency_mean_days"`
	LatencyP50       float64   `json:"latency_p50_days"`
	LatencyP90       float64   `json:"latency_p90_days"`
	LatencyP95       float64   `json:"latency_p95_days"`
	VisitsMean       float64   `json:"visits_mean"`
	VisitCounts      [7]int64  `json:"visit_counts"` // 0, 1, 2, 3, 4, 5, 6+
	ZeroVisitShare   float64   `json:"zero_visit_share"`
	MaxOneVisitShare float64   `json:"max_one_visit_share"`
	OnTimeShare      float64   `json:"on_time_share"`
	OnlineShare      float64   `json:"online_share"`
	DataSharingCalls int64     `json:"data_sharing_calls"`
	Histogram        []HistBin `json:"latency_histogram"`
}

// HistBin is one latency histogram bin, [lo, hi) days.
type HistBin struct {
	Lo    float64 `json:"lo_days"`
	Hi    float64 `json:"hi_days"`
	Count int64   `json:"count"`
}

func (g *groupAcc) out(name string) Group {
	n := float64(g.completed)
	o := Group{Name: name, Arrived: g.arrived, Completed: g.completed, OpenAtEnd: g.arrived - g.completed, DataSharingCalls: g.calls, VisitCounts: g.visitCounts}
	o.LatencyMean = g.lat.Mean()
	o.LatencyP50 = g.fine.Quantile(0.5)
	o.LatencyP90 = g.fine.Quantile(0.9)
	o.LatencyP95 = g.fine.Quantile(0.95)
	o.VisitsMean = g.visits.Mean()
	o.ZeroVisitShare = float64(g.visitCounts[0]) / n
	o.MaxOneVisitShare = float64(g.visitCounts[0]+g.visitCounts[1]) / n
	o.OnTimeShare = float64(g.onTime) / n
	o.OnlineShare = float64(g.online) / n
	for _, b := range g.coarse.Bins() {
		if b.Count > 0 {
			o.Histogram = append(o.Histogram, HistBin{Lo: b.Lo, Hi: b.Hi, Count: b.Count})
		}
	}
	return o
}

// UnitStats are the statistics of one server pool (docs/ODD.md §7;
// docs/OUTPUT.md "A unit"): waits in minutes, utilisation within open
// hours, overtime in hours, and the three terms of Little's law.
type UnitStats struct {
	Name          string  `json:"name"`
	Kind          string  `json:"kind"` // windows, back_office, hall, street, community
	Arrivals      int64   `json:"arrivals"`
	Served        int64   `json:"served"`
	WaitMean      float64 `json:"wait_mean_min"`
	PWait         float64 `json:"p_wait"`
	Utilisation   float64 `json:"utilisation"`
	BusyHours     float64 `json:"busy_hours"`
	OvertimeHours float64 `json:"overtime_hours"`
	QueueMean     float64 `json:"queue_mean"`
	// Little's law: InSystemMean ≈ ArrivalRate × SojournMean.
	InSystemMean float64 `json:"in_system_mean"`
	ArrivalRate  float64 `json:"arrival_rate_per_min"`
	SojournMean  float64 `json:"sojourn_mean_min"`
}

func unitStats(p *pool.Pool, kind string, now float64) UnitStats {
	st := p.Stats(now)
	return UnitStats{
		Name: st.Name, Kind: kind, Arrivals: st.Arrivals, Served: st.Served,
		WaitMean: st.Wait.Mean(), PWait: st.PWait(), Utilisation: st.Utilisation(),
		BusyHours: st.BusyOpen / 60, OvertimeHours: st.BusyClosed / 60,
		QueueMean: st.MeanQueue(), InSystemMean: st.MeanInSystem(), ArrivalRate: st.ArrivalRate(), SojournMean: st.Sojourn.Mean(),
	}
}

// Results are a run's KPIs (docs/ODD.md §7), the content of summary.json.
type Results struct {
	Scenario    string  `json:"scenario"`
	Seed        uint64  `json:"seed"`
	WarmupDays  float64 `json:"warmup_days"`
	HorizonDays float64 `json:"horizon_days"`
	DrainDays   float64 `json:"drain_days"`
	EndDays     float64 `json:"end_days"` // when the run stopped
	Population  int     `json:"population"`
	Events      uint64  `json:"events"`

	Matters     MatterKPIs     `json:"matters"`
	Tickets     TicketKPIs     `json:"tickets"`
	Grassroots  GrassrootsKPIs `json:"grassroots"`
	Offices     []UnitStats    `json:"offices"`
	BackOffices []UnitStats    `json:"back_offices"`
	Halls       []UnitStats    `json:"halls"`
	Streets     []UnitStats    `json:"streets"`
	Communities []UnitStats    `json:"communities"`
	Cost        CostKPIs       `json:"cost"`
	Warmup      WarmupCheck    `json:"warmup_check"`
}

// MatterKPIs are the service-matter KPIs by group.
type MatterKPIs struct {
	Overall    Group   `json:"overall"`
	ByType     []Group `json:"by_type"`
	ByDistrict []Group `json:"by_district"`
	ByQuintile []Group `json:"by_literacy_quintile"`
	ByChannel  []Group `json:"by_channel"`
	// The catalogue view (docs/OUTPUT.md): the share of matter types whose
	// cases make at most one (zero) visits in at least half of the cases.
	CatalogueMaxOneVisitShare float64 `json:"catalogue_max_one_visit_share"`
	CatalogueZeroVisitShare   float64 `json:"catalogue_zero_visit_share"`
}

// WarmupCheck is the MSER-5 estimate of a sufficient warm-up on the daily
// series of matters in progress.
type WarmupCheck struct {
	Series         string  `json:"series"`
	SuggestedDays  float64 `json:"suggested_days"`
	ConfiguredDays float64 `json:"configured_days"`
	Reliable       bool    `json:"reliable"`
	Sufficient     bool    `json:"sufficient"`
}

// Results returns the run's KPIs so far (call after Run).
func (m *Model) Results() *Results {
	now := m.s.Now()
	cfg := m.cfg
	out := &Results{
		Scenario: cfg.Name, Seed: m.seed,
		WarmupDays: m.w0 / calendar.Day, HorizonDays: (m.w1 - m.w0) / calendar.Day, DrainDays: cfg.Run.Drain / calendar.Day,
		EndDays: now / calendar.Day, Population: m.city.total, Events: m.s.Processed(),
	}
	r := m.res
	out.Matters.Overall = r.overall.out("all")
	for i, g := range r.byType {
		out.Matters.ByType = append(out.Matters.ByType, g.out(cfg.Matters[i].Name))
	}
	for i, g := range r.byDistrict {
		out.Matters.ByDistrict = append(out.Matters.ByDistrict, g.out(cfg.City.Districts[i].Name))
	}
	for i, g := range r.byQuintile {
		out.Matters.ByQuintile = append(out.Matters.ByQuintile, g.out([]string{"q1", "q2", "q3", "q4", "q5"}[i]))
	}
	for i, g := range r.byChannel {
		out.Matters.ByChannel = append(out.Matters.ByChannel, g.out(channelNames[i]))
	}
	out.Matters.CatalogueMaxOneVisitShare, out.Matters.CatalogueZeroVisitShare = catalogue(out.Matters.ByType)
	for i := range m.offices {
		out.Offices = append(out.Offices, unitStats(m.offices[i].windows, "windows", now))
		out.BackOffices = append(out.BackOffices, unitStats(m.offices[i].back, "back_office", now))
	}
	for _, h := range m.halls {
		out.Halls = append(out.Halls, unitStats(h, "hall", now))
	}
	for _, p := range m.streets {
		out.Streets = append(out.Streets, unitStats(p, "street", now))
	}
	for _, p := range m.coms {
		out.Communities = append(out.Communities, unitStats(p, "community", now))
	}
	out.Tickets = m.ticketKPIs(now)
	out.Grassroots = m.grassrootsKPIs(now)
	out.Cost = m.costKPIs()
	out.Warmup = m.warmupCheck()
	return out
}

// DayRow is one row of the daily time series (timeseries.csv).
type DayRow struct {
	Day         int     // day number from t = 0
	Phase       string  // warmup, observe, drain
	Arrived     int64   // matters that arrived that day
	Completed   int64   // matters completed that day
	InProgress  int     // matters in progress at the end of the day
	LatencyMean float64 // mean latency (days) of matters completed that day
	VisitsMean  float64 // mean visits of matters completed that day
	OnlineShare float64 // share of that day's arrivals that went online
	Queued      int     // citizens queued at windows and halls at the end of the day
	TrustMean   float64 // citizens' mean trust (every 7th day; NaN otherwise)

	TicketsArrived  int64   // tickets (first contacts and grid reports) that day
	TicketsResolved int64   // tickets resolved that day
	InFlight        int     // tickets dispatched and not yet accepted, end of day
	TicketsOpen     int     // tickets in the system, end of day
	BacklogHours    float64 // grassroots backlog (streets and communities), end of day
	HoursPerWorker  float64 // grassroots work arrived that day per worker, hours
	Satisfaction    float64 // 30-day running mean of citizens' satisfaction
	DemandScale     float64 // hotline demand multiplier (demand feedback)
	Propensity      float64 // mean return propensity over departments

	// The three rates of the day's rated closures (docs/ODD.md §6.7).
	RatedClosures    int64
	ResponseRate     float64
	ResolutionRate   float64
	SatisfactionRate float64
}

type dayAcc struct {
	arrived, done, online int64
	latSum, visSum        float64
	tArrived, tResolved   int64
	satSum, satN          float64
	inFlightSum           float64 // over the window's days
	obsDays               int
	wip                   []float64 // entities in progress at the end of each day (for MSER-5)
	lastWorkIn            float64   // grassroots work submitted by the end of the previous day, hours
	oc                    dayOutcomes
}

func (m *Model) endOfDay() {
	now := m.s.Now()
	d := &m.day
	row := DayRow{Day: int(math.Round(now/calendar.Day)) - 1, Arrived: d.arrived, Completed: d.done, InProgress: m.active, TrustMean: math.NaN()}
	switch {
	case now <= m.w0:
		row.Phase = "warmup"
	case now <= m.w1:
		row.Phase = "observe"
	default:
		row.Phase = "drain"
	}
	row.LatencyMean = d.latSum / float64(d.done) / calendar.Day
	row.VisitsMean = d.visSum / float64(d.done)
	row.OnlineShare = float64(d.online) / float64(d.arrived)
	for i := range m.offices {
		row.Queued += m.offices[i].windows.Queued()
	}
	for _, h := range m.halls {
		row.Queued += h.Queued()
	}
	if row.Day%7 == 6 {
		var s float64
		for _, t := range m.cit.trust {
			s += float64(t)
		}
		row.TrustMean = s / float64(len(m.cit.trust))
	}
	if now <= m.w1 {
		d.wip = append(d.wip, float64(m.active+m.activeT))
	}
	row.TicketsArrived, row.TicketsResolved, row.InFlight, row.TicketsOpen = d.tArrived, d.tResolved, m.inFlight, m.activeT
	if now > m.w0 && now <= m.w1 {
		d.inFlightSum += float64(m.inFlight)
		d.obsDays++
	}
	var workers float64
	for _, g := range m.gStreets {
		workers += float64(g.workers)
	}
	for _, g := range m.gComs {
		workers += float64(g.workers)
	}
	in, _, backlog := m.GrassrootsWork() // one pass over the units' jobs, hours
	row.BacklogHours = backlog
	row.HoursPerWorker = (in - d.lastWorkIn) / workers
	d.lastWorkIn = in
	row.Satisfaction, row.DemandScale = m.demandFeedback(row.Day, now)
	for _, p := range m.propensity {
		row.Propensity += p / float64(len(m.propensity))
	}
	if math.Abs(now-m.w1) < 1 {
		m.endWindowBacklog()
	}
	d.outcomeRow(&row)
	m.rank.endOfDay(m, now)
	if m.opt.Daily != nil {
		m.opt.Daily(&row)
	}
	d.arrived, d.done, d.online, d.latSum, d.visSum = 0, 0, 0, 0, 0
	d.tArrived, d.tResolved, d.satSum, d.satN = 0, 0, 0, 0
}

func (m *Model) warmupCheck() WarmupCheck {
	w := WarmupCheck{Series: "entities_in_progress", ConfiguredDays: m.w0 / calendar.Day}
	trunc, ok := stats.MSER5(m.day.wip)
	w.SuggestedDays = float64(trunc)
	w.Reliable = ok
	w.Sufficient = ok && w.SuggestedDays <= w.ConfiguredDays
	return w
}
