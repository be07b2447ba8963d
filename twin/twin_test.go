package twin

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// laSample is the 20k-row MyLA311 sample beside the repository.
const laSample = "../../shared/data/la311-2017-12-27_2018-01-04"

// ticketTimes records each ticket's arrival and resolution (minutes).
type ticketTimes struct {
	w1      float64
	arrived map[int64]float64
	typ     map[int64]int
	done    map[int64]float64
	bounces map[int64]int // at resolution
}

func (o *ticketTimes) Observe(j *model.Journey) {
	if j.Entity != model.EntityTicket {
		return
	}
	switch j.Kind {
	case model.JArrival:
		if j.T < o.w1 {
			o.arrived[j.ID], o.typ[j.ID] = j.T, int(j.Type)
		}
	case model.JResolution:
		if _, ok := o.arrived[j.ID]; ok {
			o.done[j.ID] = j.T
			if o.bounces != nil {
				o.bounces[j.ID] = int(j.Visit)
			}
		}
	}
}

// wellObserved: at least 200 closed records and a Kaplan–Meier curve
// reaching 90% of the mass.
func wellObserved(c *CellFit) bool {
	return c.Source != SourceDefault && c.Delay != nil && c.Delay.Closed >= 200 && c.Delay.Coverage >= 0.9
}

// checkTwin fits fragment-producing records, runs the fragment by default
// (no warm-up, a horizon of horizon) and checks every well-observed type:
// simulated median and p90 resolution time within 10% of the Kaplan–Meier
// ones (or within a second, for types closed at once), at most 1% of the
// window's tickets open at the end.
func checkTwin(t *testing.T, res *Result, horizon string, seed uint64) {
	t.Helper()
	cfg, obs := runTwin(t, res, horizon, seed)
	byType := map[int][]float64{}
	for id, a := range obs.arrived {
		d, ok := obs.done[id]
		if !ok {
			d = math.Inf(1)
		}
		byType[obs.typ[id]] = append(byType[obs.typ[id]], d-a)
	}
	checked := 0
	for i := range res.Cells {
		c := &res.Cells[i]
		if !wellObserved(c) {
			continue
		}
		ti := slices.IndexFunc(cfg.Tickets, func(tt model.TicketType) bool { return tt.Name == c.Ticket })
		if !checkTimes(t, c.Ticket, byType[ti], c.Delay.Median, c.Delay.P90) {
			continue
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no well-observed ticket type")
	}
}

// checkTimes checks one type's simulated resolution times (minutes, +Inf
// for open) against observed median and p90: within 10% (or a second),
// at most 1% open. It reports false when there were too few to check.
func checkTimes(t *testing.T, name string, xs []float64, median, p90 float64) bool {
	t.Helper()
	slices.Sort(xs)
	if len(xs) < 100 {
		t.Errorf("%s: %d simulated tickets", name, len(xs))
		return false
	}
	open := 0
	for _, x := range xs {
		if math.IsInf(x, 1) {
			open++
		}
	}
	q := func(p float64) float64 { return xs[int(p*float64(len(xs)-1)+0.5)] }
	for _, k := range []struct {
		name      string
		sim, want float64
	}{{"median", q(0.5), median}, {"p90", q(0.9), p90}} {
		if math.Abs(k.sim-k.want) > 0.1*k.want && math.Abs(k.sim-k.want) > 1.0/60 {
			t.Errorf("%s: simulated %s %.4g h, observed %.4g h", name, k.name, k.sim/60, k.want/60)
		}
	}
	if f := float64(open) / float64(len(xs)); f > 0.01 {
		t.Errorf("%s: %.1f%% of %d tickets open at the end", name, 100*f, len(xs))
	}
	t.Logf("%-34s n %6d  median %8.3f h (observed %8.3f)  p90 %8.2f h (observed %8.2f)  open %d", name, len(xs), q(0.5)/60, median/60, q(0.9)/60, p90/60, open)
	return true
}

// runTwin writes the fragment of res, loads it with no warm-up and a
// horizon of horizon, and runs it, observing every ticket of the window.
func runTwin(t *testing.T, res *Result, horizon string, seed uint64) (*model.Config, *ticketTimes) {
	t.Helper()
	var frag bytes.Buffer
	base, _, err := scenarios.Load(res.Records.Mapping.Base, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fo FragmentOptions
	for _, tt := range base.Tickets {
		fo.BaseTickets = append(fo.BaseTickets, tt.Name)
	}
	for _, d := range base.City.Districts {
		fo.BaseDistricts = append(fo.BaseDistricts, d.Name)
		for _, st := range d.Streets {
			for _, c := range st.Communities {
				fo.Population += c.Population
			}
		}
	}
	if err := WriteFragment(&frag, res, "twin-test", fo); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "fitted.toml")
	os.WriteFile(path, frag.Bytes(), 0o644)
	cfg, _, err := scenarios.Load(path, []string{`run.warmup="0d"`, `run.horizon="` + horizon + `"`})
	if err != nil {
		t.Fatalf("the fragment does not load: %v", err)
	}
	obs := &ticketTimes{w1: cfg.Run.Horizon, arrived: map[int64]float64{}, typ: map[int64]int{}, done: map[int64]float64{}, bounces: map[int64]int{}}
	if _, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Seed: seed, Observer: obs}); err != nil {
		t.Fatal(err)
	}
	return cfg, obs
}

// TestTwinLA: the LA sample fitted with the shipped mapping and run by
// default reproduces each well-observed type's median and p90 within 10%.
func TestTwinLA(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the fitted LA twin")
	}
	files, _ := filepath.Glob(filepath.Join(laSample, "*.csv"))
	if len(files) == 0 {
		t.Fatalf("the LA sample is not at %s", laSample)
	}
	m, err := scenarios.LoadMapping("mappings/la311.toml")
	if err != nil {
		t.Fatal(err)
	}
	rs := NewRecords(m)
	for _, f := range files {
		if err := rs.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	types, _ := res.Sources()
	if types[SourceDefault] != 2 || types[SourceFitted]+types[SourceExtrapolated]+types[SourceDefault] != len(res.Cells) {
		t.Errorf("sources %v over %d types; want the two Feedback types default", types, len(res.Cells))
	}
	for _, c := range res.Cells {
		if c.Source == SourceFitted && c.Delay.Best().Family == "empirical" {
			if e := math.Abs(c.Delay.Best().Mean/c.Delay.Restricted - 1); e > 0.02 {
				t.Errorf("%s: mean %.4g h, restricted KM mean %.4g h", c.Ticket, c.Delay.Best().Mean/60, c.Delay.Restricted/60)
			}
		}
	}
	checkTwin(t, res, "2w", 1)
}

// TestTwinSynthetic: synthetic exports (two agencies, a gamma and a
// two-humped delay, 20% of one type still open at the export) reproduce
// the same way.
func TestTwinSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a fitted twin")
	}
	m, err := scenarios.ParseMapping("syn.toml", []byte(`
time_format = "unix"
as_of = "1702252800"
[columns]
id = "id"
created = "created"
closed = "closed"
category = "cat"
agency = "agency"
`))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("id,created,closed,cat,agency\n")
	r := rand.New(rand.NewPCG(7, 8))
	t0 := int64(1700000000)
	asOf := int64(1702252800)
	for i := range 12000 {
		created := t0 + int64(r.Float64()*20*86400)
		var dur float64
		cat, ag := "pothole", "roads"
		switch i % 3 {
		case 0:
			dur = (r.ExpFloat64() + r.ExpFloat64()) * 3 * 86400 // gamma, shape 2, mean 6 days
		case 1:
			cat, ag = "noise", "police"
			dur = 600 + r.Float64()*1200
			if r.Float64() < 0.4 {
				dur = 2*86400 + r.Float64()*86400
			}
		case 2:
			cat, ag = "lights", "power"
			dur = r.ExpFloat64() * 10 * 86400 // mean 10 days, many open at as_of
		}
		closed := fmt.Sprint(created + int64(dur))
		if created+int64(dur) > asOf {
			closed = ""
		}
		fmt.Fprintf(&b, "%d,%d,%s,%s,%s\n", i, created, closed, cat, ag)
	}
	rs := NewRecords(m)
	if err := rs.Read("syn.csv", &b); err != nil {
		t.Fatal(err)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkTwin(t, res, "2w", 3)
}

// TestTicketAreas: [[ticket.area]] weights 3 (old-town) and 1 (new-town)
// send 75% of a type's tickets to old-town (within 3%, about 3.5 standard
// errors at 2,800 tickets); a district of weight 0 gets none.
func TestTicketAreas(t *testing.T) {
	for _, c := range []struct {
		oldW, newW, want float64
	}{{3, 1, 0.75}, {1, 0, 1}} {
		src := fmt.Sprintf(`extend = "classroom"
name = "areas"
[run]
warmup = "0d"
horizon = "2w"
drain = "1d"
[platform]
triage_accuracy = 1.0
[[department]]
name = "fix"
handlers = 1000000
[[ticket]]
name = "pothole"
rate = 200
hotline_share = 0
owner = "fix"
plausible = ["fix"]
area = [{name = "old-town", weight = %g}, {name = "new-town", weight = %g}]
`, c.oldW, c.newW)
		path := filepath.Join(t.TempDir(), "a.toml")
		os.WriteFile(path, []byte(src), 0o644)
		cfg, _, err := scenarios.Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		names := NewNames(cfg)
		typ := int32(slices.IndexFunc(cfg.Tickets, func(tt model.TicketType) bool { return tt.Name == "pothole" }))
		first := map[int64]bool{}
		var old, all int
		obs := model.ObserverFunc(func(j *model.Journey) {
			if j.Entity != model.EntityTicket || int32(j.Type) != typ || j.Kind != model.JDispatch || first[j.ID] {
				return
			}
			first[j.ID] = true
			_, unit, _, _ := names.Unit(j.Unit)
			all++
			if unit == "fix@old-town" {
				old++
			}
		})
		if _, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Seed: 5, Observer: obs}); err != nil {
			t.Fatal(err)
		}
		if got := float64(old) / float64(all); all < 2000 || math.Abs(got-c.want) > 0.03 {
			t.Errorf("weights %g:%g: %d of %d tickets in old-town (%.3f), want %.2f", c.oldW, c.newW, old, all, got, c.want)
		}
		t.Logf("weights %g:%g: %d of %d tickets in old-town", c.oldW, c.newW, old, all)
	}
}
