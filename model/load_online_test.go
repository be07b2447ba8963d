package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// onlineTown: one district hall with two windows (office hours, 35 h a
// week), one online-eligible matter type collected by mail, online and one
// window on, and trust that does not move (eta = eta_offline = 0), so the
// channel split stays the one at the start and the hall's utilisation is
// (1 − E[P(online)]) × 7 × rate × mean window time ÷ (2 × 35 h).
const onlineTown = `
name = "online-town"
[run]
warmup = "2w"
horizon = "20w"
[[city.district]]
name = "d"
population = 10000
streets = 1
communities_per_street = 2
literacy_mean = 0.5
[citizens]
eta = 0
eta_offline = 0
[platform]
online = true
one_window = true
[hall]
windows = 2
[hotline]
operators = 2
[[department]]
name = "office"
level = "city"
windows = 1
[[matter]]
name = "permit"
rate = %g
collect = "mail"
[[matter.step]]
department = "office"
window_time = "exp(30m)"
[[ticket]]
name = "noise"
owner = "office"
rate = 10
`

// The hall's offered load under the expected channel split at the start
// (E[logistic(b0 + b_trust·trust + b_literacy·literacy)] by quadrature)
// agrees with the simulated utilisation of a 20-week run within 0.04
// (about 2,800 arrivals: a standard error near 0.01 from the arrivals,
// less from the channel draws and the 10,000 residents' trust and
// literacy); the everyone-in-person figure is the upper bound.
func TestOfferedLoadOnlineEstimate(t *testing.T) {
	const rate = 20.0
	cfg, _, err := scenarios.LoadBytes("online-town.toml", []byte(fmt.Sprintf(onlineTown, rate)), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := model.OnlineUptake(cfg)[0]
	h, ok := findLoad(model.OfferedLoads(cfg), "hall@d")
	if !ok {
		t.Fatal("no hall@d")
	}
	upper := 7 * rate * 30 / (2 * 35 * 60)
	if h.Bound != model.LoadOnline || math.Abs(h.InPerson-upper) > 1e-9 || math.Abs(h.Load-(1-p)*upper) > 1e-9 || h.OnlineShare != p {
		t.Errorf("hall %+v, want load %.4f (in person %.4f, uptake %.4f)", h, (1-p)*upper, upper, p)
	}
	m, err := model.New(cfg, 5, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	if len(r.Halls) != 1 {
		t.Fatalf("halls %v", r.Halls)
	}
	got := r.Halls[0].Utilisation
	t.Logf("online uptake %.3f (run: %.3f); hall load estimate %.3f, in person %.3f, simulated utilisation %.3f", p, r.Matters.Overall.OnlineShare, h.Load, h.InPerson, got)
	if math.Abs(got-h.Load) > 0.04 {
		t.Errorf("simulated hall utilisation %.3f, estimate %.3f", got, h.Load)
	}
	// Without online, everyone comes in person: the upper bound is the load.
	cfg.Platform.Online = false
	if h, _ := findLoad(model.OfferedLoads(cfg), "hall@d"); h.Bound != model.LoadUpper || math.Abs(h.Load-upper) > 1e-9 {
		t.Errorf("without online: %+v, want %g (upper bound)", h, upper)
	}
}

// The shipped stage-3 and stage-4 cities keep up under the expected
// channel split though everyone in person would overload their halls; the
// stage-3 city with its hall windows cut to a third does not.
func TestOfferedLoadShippedStages(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets []string
		over bool
	}{
		{"midcity-s3-optimisation", nil, false},
		{"midcity-s4-overall", nil, false},
		{"midcity-s3-optimisation", []string{"hall.windows=18"}, true},
		{"midcity-s4-overall", []string{"hall.windows=11"}, true},
	} {
		cfg, _, err := scenarios.Load(tc.name, tc.sets)
		if err != nil {
			t.Fatal(err)
		}
		over := model.Overloaded(cfg)
		if (len(over) > 0) != tc.over {
			t.Errorf("%s %v: overloaded %v, want overloaded %v", tc.name, tc.sets, over, tc.over)
		}
		var upper bool
		for _, u := range model.OfferedLoads(cfg) {
			if u.Bound == model.LoadOnline && u.InPerson >= 1 {
				upper = true
			}
			if tc.over && u.Load >= 1 && u.Bound != model.LoadOnline {
				t.Errorf("%s %v: %s overloaded as %q, want the online estimate", tc.name, tc.sets, u.Unit, u.Bound)
			}
		}
		if !upper {
			t.Errorf("%s %v: no hall whose everyone-in-person bound reaches 1", tc.name, tc.sets)
		}
	}
}

// OnlineUptake, by quadrature, matches the mean P(online) over the
// residents a model builds (the classroom's 20,000 in two districts of
// different literacy) within 0.012 — four standard errors of a mean of
// 10,000 probabilities — across trust and literacy distributions and
// coefficients.
func TestOnlineUptakePopulation(t *testing.T) {
	for _, sets := range [][]string{
		nil,
		{"citizens.trust_a=0.5", "citizens.trust_b=0.5"},
		{"citizens.trust_a=8", "citizens.trust_b=2", "citizens.b0=-4", "citizens.b_literacy=6"},
		{"citizens.literacy_concentration=40", "citizens.b_trust=-1"},
		{"citizens.literacy_concentration=0.5", "citizens.b0=1"},
	} {
		cfg, _, err := scenarios.Load("classroom", sets)
		if err != nil {
			t.Fatal(err)
		}
		m, err := model.New(cfg, 11, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		est, pop := model.OnlineUptake(cfg), model.PopulationUptake(m)
		for d := range est {
			if math.Abs(est[d]-pop[d]) > 0.012 {
				t.Errorf("%v: district %d: quadrature %.4f, population %.4f", sets, d, est[d], pop[d])
			}
		}
		t.Logf("%v: quadrature %.4f, population %.4f", sets, est, pop)
	}
}
