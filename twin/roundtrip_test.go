package twin

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestRoundTrip simulates a ticket type with a known rate (200 a day, flat)
// and handling time (gamma, mean 3 h, cv 0.5) at a department open 24/7 with
// unlimited handlers, writes the per-case log, fits it with the shipped
// tiaokuai-cases mapping and recovers both within sampling error.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "rt.toml")
	os.WriteFile(scen, []byte(`extend = "classroom"
name = "roundtrip"
[run]
warmup = "0d"
horizon = "4w"
drain = "1w"
[[department]]
name = "rt"
level = "city"
calendar = "24/7"
handlers = 1000000
[[ticket]]
name = "rt-ticket"
rate = 200
hotline_share = 0
owner = "rt"
plausible = ["rt"]
work = "gamma(3h, 0.5)"
`), 0o644)
	cfg, _, err := scenarios.Load(scen, nil)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := NewCases(filepath.Join(dir, "cases.csv"), NewNames(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Seed: 11, Observer: cl}); err != nil {
		t.Fatal(err)
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	m, err := scenarios.LoadMapping("mappings/tiaokuai-cases.toml")
	if err != nil {
		t.Fatal(err)
	}
	rs := NewRecords(m)
	if err := rs.ReadFile(filepath.Join(dir, "cases.csv")); err != nil {
		t.Fatal(err)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var cell *CellFit
	var total float64
	for i := range res.Cells {
		if c := &res.Cells[i]; c.Category == "rt-ticket" {
			total += c.PerDay
			if c.Agency == "rt" {
				cell = c
			}
		}
	}
	if cell == nil || cell.Delay == nil {
		t.Fatalf("no fitted rt-ticket cell in %d cells", len(res.Cells))
	}
	// about 5 weeks × 200 = 7,000 arrivals: the rate's relative sd is 1.2%;
	// the scenario's dispatch sends some to streets, so the rate splits
	if math.Abs(total/200-1) > 0.05 {
		t.Errorf("rate %.1f/day over all handlers, want 200", total)
	}
	if cell.Share < 0.5 {
		t.Errorf("rt handles %.3f of rt-tickets", cell.Share)
	}
	g := cell.Delay.Candidates[2]
	if math.Abs(g.Mean/180-1) > 0.03 || math.Abs(g.CV/0.5-1) > 0.05 {
		t.Errorf("handling gamma mean %.1f min cv %.3f, want 180, 0.5", g.Mean, g.CV)
	}
	if b := cell.Delay.Best(); b.Family != "gamma" {
		t.Errorf("chose %s (KS %.3f), want gamma", b.Family, b.KS)
	}
}
