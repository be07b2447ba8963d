package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sim sweep and sim compare take --max-live like sim run and pass it to
// every run: an overloaded run stops with the clear bound message and the
// command exits 1; a bad value is a usage error.
func TestMaxLiveSweepCompareOptimize(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "exp.toml")
	if err := os.WriteFile(exp, []byte(`
name = "overload"
base = "classroom"
[set]
"run.horizon" = "2w"
"run.warmup" = "0s"
[[lever]]
path = "matter.birth.rate_per_1000"
values = [0.05, 50]
[replications]
n = 2
`), 0o644); err != nil {
		t.Fatal(err)
	}
	reform := filepath.Join(dir, "reform.toml")
	if err := os.WriteFile(reform, []byte("extend = \"classroom\"\nname = \"classroom-ow\"\n[platform]\none_window = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := filepath.Join(dir, "opt.toml")
	if err := os.WriteFile(opt, []byte(`
name = "overload-search"
base = "classroom"
[set]
"run.horizon" = "2w"
"run.warmup" = "0s"
"matter.birth.rate_per_1000" = 50
[[lever]]
path = "platform.data_sharing"
range = [0.0, 1.0]
[optimize]
method = "cmaes"
population = 4
generations = 2
reps = 1
[[optimize.objective]]
kpi = "matters.overall.visits_mean"
sense = "min"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	bound := "exceed the bound of 3000"
	runProbes(t, []probe{
		{0, "sweep", []string{"sweep", exp, "-q", "--workers", "1", "--out", filepath.Join(dir, "s"), "--max-live", "3000"}, 1,
			[]string{"point 1 (classroom, lever.matter.birth.rate_per_1000=50)", bound, "--max-live N"}, []string{"panic"}},
		{0, "compare", []string{"compare", "classroom", reform, "-q", "--reps", "2", "--workers", "1", "--warmup", "0s", "--horizon", "2w",
			"--set", "matter.birth.rate_per_1000=50", "--out", filepath.Join(dir, "c"), "--max-live", "3000"}, 1,
			[]string{bound, "--max-live N"}, []string{"panic"}},
		{0, "optimize", []string{"optimize", opt, "-q", "--workers", "1", "--out", filepath.Join(dir, "o"), "--max-live", "3000"}, 1,
			[]string{bound, "--max-live N"}, []string{"panic"}},
		{0, "sweep bad value", []string{"sweep", exp, "--max-live", "many"}, 2, []string{"max-live"}, nil},
		{0, "optimize bad value", []string{"optimize", opt, "--max-live", "x"}, 2, []string{"max-live"}, nil},
		{0, "compare bad value", []string{"compare", "classroom", reform, "--max-live", "x"}, 2, []string{"max-live"}, nil},
	})
}

// sim check of the stage-3 city gives its halls' load under the expected
// online uptake, with the everyone-in-person bound as a second figure in
// a note, and warns of nothing; with a third of its hall windows it warns
// with the estimate.
func TestCheckOnlineEstimate(t *testing.T) {
	for _, tc := range []struct {
		sets      []string
		want, not []string
	}{
		{nil, []string{"# note: offered load 0.", "estimate (online uptake at the start", "everyone in person (upper bound) 1."}, []string{"# warning: offered load"}},
		{[]string{"--set", "hall.windows=18"}, []string{"# warning: offered load 2.", "estimate (online uptake at the start", "everyone in person (upper bound) 3."}, nil},
	} {
		var so, se bytes.Buffer
		if code := run(append([]string{"check", "midcity-s3-optimisation"}, tc.sets...), &so, &se); code != 0 {
			t.Fatalf("exit %d: %s", code, se.String())
		}
		head := so.String()
		if i := strings.Index(head, "\n\n"); i > 0 {
			head = head[:i]
		}
		for _, w := range tc.want {
			if !strings.Contains(head, w) {
				t.Errorf("%v: sim check lacks %q:\n%s", tc.sets, w, head)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(head, w) {
				t.Errorf("%v: sim check shows %q:\n%s", tc.sets, w, head)
			}
		}
	}
}
