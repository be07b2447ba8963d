package experiments

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

func TestFlattenKPIs(t *testing.T) {
	cfg, _, err := scenarios.Load("classroom", []string{"run.horizon=1w"})
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := Run(RunSpec{Config: cfg, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	names, values := FlattenKPIs(res)
	if len(names) != len(values) || len(names) < 100 {
		t.Fatalf("%d names, %d values", len(names), len(values))
	}
	at := func(name string) float64 {
		i := slices.Index(names, name)
		if i < 0 {
			t.Fatalf("no KPI %s", name)
		}
		return values[i]
	}
	if got := at("matters.overall.latency_p90_days"); got != res.Matters.Overall.LatencyP90 {
		t.Errorf("latency_p90 %v, want %v", got, res.Matters.Overall.LatencyP90)
	}
	if got := at("matters.by_type.birth.visits_mean"); got != res.Matters.ByType[1].VisitsMean && !(math.IsNaN(got) && math.IsNaN(res.Matters.ByType[1].VisitsMean)) {
		t.Errorf("birth visits %v", got)
	}
	o := res.Offices[0]
	if got := at("offices." + o.Name + ".utilisation"); got != o.Utilisation {
		t.Errorf("%s utilisation %v, want %v", o.Name, got, o.Utilisation)
	}
	if got := at("matters.overall.arrived"); got != float64(res.Matters.Overall.Arrived) {
		t.Errorf("arrived %v", got)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("KPI %s twice", n)
		}
		seen[n] = true
		if n == "seed" || strings.Contains(n, "histogram") || strings.Contains(n, "visit_counts") || strings.HasSuffix(n, ".name") || strings.HasSuffix(n, ".kind") {
			t.Errorf("KPI %s should not be a column", n)
		}
	}
	again, _ := FlattenKPIs(res)
	if !slices.Equal(names, again) {
		t.Error("KPI order differs between two calls")
	}
	// A slice of named structs, a map and a bool.
	type unit struct {
		Name string  `json:"name"`
		Load float64 `json:"load"`
		Ok   bool    `json:"ok"`
	}
	type r struct {
		Units []unit           `json:"units"`
		By    map[string]int64 `json:"by"`
		Skip  string           `json:"skip"`
	}
	var f flattener
	f.walk("", reflect.ValueOf(&r{Units: []unit{{"a@x", 0.5, true}, {"b", 1, false}}, By: map[string]int64{"z": 2, "y": 1}}))
	want := []string{"units.a@x.load", "units.a@x.ok", "units.b.load", "units.b.ok", "by.y", "by.z"}
	if !slices.Equal(f.names, want) || f.values[1] != 1 || f.values[4] != 1 {
		t.Errorf("got %v %v, want %v", f.names, f.values, want)
	}
}

func TestMatchKPI(t *testing.T) {
	cases := []struct {
		pat, name string
		want      bool
	}{
		{"matters.overall.*", "matters.overall.latency_p90_days", true},
		{"matters.*.visits_mean", "matters.by_type.birth.visits_mean", true},
		{"*", "cost.total", true},
		{"cost.total", "cost.total", true},
		{"cost.total", "cost.total_x", false},
		{"halls.*.utilisation", "halls.old-town.wait_mean_min", false},
	}
	for _, c := range cases {
		if got := matchKPI(c.pat, c.name); got != c.want {
			t.Errorf("matchKPI(%q, %q) = %v", c.pat, c.name, got)
		}
	}
}
