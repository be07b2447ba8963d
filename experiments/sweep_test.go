package experiments

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// outputs are the files a sweep writes that must not depend on how it ran.
var outputs = []string{"runs.csv", "runs.parquet", "timeseries.parquet", "points.csv", "manifest.json"}

// fixedExp is a small grid on the classroom town: 2 lever sets × 2 worlds
// × 3 replications of two observed weeks (12 runs of about 10 ms).
const fixedExp = `
name = "test-grid"
base = "classroom"
seed = 7

[set]
"run.horizon" = "2w"

[[lever]]
path = "platform.one_window"
values = [false, true]

[[uncertainty]]
name = "usability"
path = "citizens.b0"
values = [-3.5, -1.5]

[replications]
n = 3
`

// precisionExp adds replications two at a time until the mean latency of
// each point is known to ±0.8% (it takes several batches), at most 10.
const precisionExp = `
name = "test-precision"
base = "classroom"

[set]
"run.horizon" = "2w"

[[lever]]
path = "hall.windows"
values = [2, 3]

[[lever]]
path = "platform.one_window"
values = [true]

[replications]
min = 3
batch = 2
max = 10

[[replications.target]]
kpi = "matters.overall.latency_mean_days"
relative = 0.008

[output]
kpis = ["matters.overall.*", "cost.total"]
`

func writeExp(t testing.TB, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "exp.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sweep plans and runs an experiment file into dir.
func sweep(t testing.TB, file, dir string, workers int, shard Shard) *SweepTiming {
	t.Helper()
	src := CachedSource()
	e, err := src.LoadExperiment(file)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, workers)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: dir, Workers: workers, Shard: shard})
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func sameOutputs(t *testing.T, a, b string, files ...string) {
	t.Helper()
	if len(files) == 0 {
		files = outputs
	}
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s", f, a, b)
		}
		if len(x) < 200 {
			t.Errorf("%s is suspiciously short (%d bytes)", f, len(x))
		}
	}
}

func readCSV(t testing.TB, path string) (head []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}

// TestSweepWorkersIdentical: one worker or two, the same bytes; rows in
// (point, replication) order, one per run, each with its seed, the seed a
// function of the replication only (common random numbers).
func TestSweepWorkersIdentical(t *testing.T) {
	exp := writeExp(t, fixedExp)
	a, b := t.TempDir(), t.TempDir()
	sweep(t, exp, a, 1, Shard{})
	tm := sweep(t, exp, b, 2, Shard{})
	sameOutputs(t, a, b)
	if tm.Runs != 12 || tm.Workers != 2 {
		t.Errorf("timing says %d runs on %d workers, want 12 on 2", tm.Runs, tm.Workers)
	}
	head, rows := readCSV(t, filepath.Join(a, "runs.csv"))
	if len(rows) != 12 {
		t.Fatalf("%d rows, want 12", len(rows))
	}
	want := []string{"point", "lever_set", "world", "replication", "seed", "scenario", "lever.platform.one_window", "uncertainty.usability"}
	if !slices.Equal(head[:len(want)], want) {
		t.Errorf("runs.csv starts %v, want %v", head[:len(want)], want)
	}
	for _, k := range []string{"matters.overall.latency_p90_days", "matters.by_type.birth.visits_mean", "cost.total"} {
		if !slices.Contains(head, k) {
			t.Errorf("runs.csv has no column %s", k)
		}
	}
	for i, r := range rows {
		p, rep := i/3, i%3
		if r[0] != strconv.Itoa(p) || r[3] != strconv.Itoa(rep) {
			t.Errorf("row %d is point %s replication %s, want %d %d", i, r[0], r[3], p, rep)
		}
		if want := strconv.FormatUint(ReplicationSeed(7, rep), 10); r[4] != want {
			t.Errorf("row %d: seed %s, want %s (replication %d)", i, r[4], want, rep)
		}
	}
	if rows[0][4] == rows[1][4] {
		t.Error("replications 0 and 1 share a seed")
	}
	// The lever makes a difference the rows can see: points 0 and 2 share
	// the world and the seeds but not the one-window lever.
	col := slices.Index(head, "matters.overall.visits_mean")
	if rows[0][col] == rows[6][col] {
		t.Errorf("one window on and off gave the same visits (%s)", rows[0][col])
	}
	// points.csv: one row per point and KPI, with n = 3.
	phead, prows := readCSV(t, filepath.Join(a, "points.csv"))
	if got := len(prows); got != 4*(len(head)-8) {
		t.Errorf("points.csv has %d rows, want 4 points × %d KPIs", got, len(head)-8)
	}
	ni, ki := slices.Index(phead, "replications"), slices.Index(phead, "kpi")
	for _, r := range prows[:3] {
		if r[ni] != "3" {
			t.Errorf("points.csv: %s has %s replications, want 3", r[ki], r[ni])
		}
	}
}

// TestShardsMerge: three shards merged give the bytes of one sweep; merge
// names a missing shard and refuses another experiment's or an unfinished
// one.
func TestShardsMerge(t *testing.T) {
	exp := writeExp(t, fixedExp)
	one, split := t.TempDir(), t.TempDir()
	sweep(t, exp, one, 2, Shard{})
	for i := range 3 {
		sweep(t, exp, split, 1, Shard{i, 3})
	}
	dirs := ShardDirs([]string{split})
	if len(dirs) != 3 {
		t.Fatalf("ShardDirs found %v", dirs)
	}
	// missing shard
	_, err := Merge(dirs[:2], t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "missing shard 2/3") {
		t.Errorf("merge without shard 2: %v", err)
	}
	if _, err := Merge(dirs, split); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, one, split)

	// a shard of another experiment (another seed)
	other := writeExp(t, strings.Replace(fixedExp, "seed = 7", "seed = 8", 1))
	odir := t.TempDir()
	sweep(t, other, odir, 1, Shard{1, 3})
	_, err = Merge([]string{dirs[0], filepath.Join(odir, "shard-1-of-3"), dirs[2]}, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "one experiment") {
		t.Errorf("merge with a shard of another experiment: %v", err)
	}
	// a shard written by another version of tiaokuai
	mp := filepath.Join(dirs[2], "manifest.json")
	orig, err := os.ReadFile(mp)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(mp, bytes.Replace(orig, []byte(`"version": "`+Version+`"`), []byte(`"version": "0.0.1-other"`), 1), 0o644)
	_, err = Merge(dirs, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "one version") {
		t.Errorf("merge with a shard of another version: %v", err)
	}
	os.WriteFile(mp, orig, 0o644)
	// an unfinished shard: its journal lost the last point's records
	jp := filepath.Join(dirs[1], journalName)
	j, err := openJournal(jp, false)
	if err != nil {
		t.Fatal(err)
	}
	cut := j.runs[runKey(1, 2)].off - 8
	j.close()
	if err := os.Truncate(jp, cut); err != nil {
		t.Fatal(err)
	}
	_, err = Merge(dirs, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "not finished") {
		t.Errorf("merge with an unfinished shard: %v", err)
	}
}

// TestPrecisionWorkersIdentical: precision-driven stopping gives the same
// bytes on one or two workers, and stops when it should and not before:
// at the first batch boundary where the half-width is within the target,
// or at max.
func TestPrecisionWorkersIdentical(t *testing.T) {
	exp := writeExp(t, precisionExp)
	a, b := t.TempDir(), t.TempDir()
	sweep(t, exp, a, 1, Shard{})
	sweep(t, exp, b, 2, Shard{})
	sameOutputs(t, a, b)

	head, rows := readCSV(t, filepath.Join(a, "runs.csv"))
	col := slices.Index(head, "matters.overall.latency_mean_days")
	byPoint := map[string][]float64{}
	for _, r := range rows {
		x, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			t.Fatal(err)
		}
		byPoint[r[0]] = append(byPoint[r[0]], x)
	}
	phead, prows := readCSV(t, filepath.Join(a, "points.csv"))
	ni, si, ki := slices.Index(phead, "replications"), slices.Index(phead, "stop"), slices.Index(phead, "kpi")
	batches := 0
	for _, r := range prows {
		if r[ki] != "matters.overall.latency_mean_days" {
			continue
		}
		xs := byPoint[r[0]]
		n, _ := strconv.Atoi(r[ni])
		if n != len(xs) {
			t.Errorf("point %s: points.csv says %d replications, runs.csv has %d", r[0], n, len(xs))
		}
		met := func(k int) bool {
			mean, _, half, _ := meanCI(xs[:k], 0.95)
			return half <= 0.008*mean
		}
		for k := 3; k < n; k += 2 {
			if met(k) {
				t.Errorf("point %s: the target was met at %d replications but the sweep went on to %d", r[0], k, n)
			}
		}
		switch r[si] {
		case "target":
			if !met(n) {
				t.Errorf("point %s stopped at %d for the target, which is not met", r[0], n)
			}
		case "cap":
			if n != 10 || met(n) {
				t.Errorf("point %s: stop cap at n = %d (met %v)", r[0], n, met(n))
			}
		default:
			t.Errorf("point %s: stop %q", r[0], r[si])
		}
		batches += (n - 3) / 2
	}
	if batches == 0 {
		t.Error("no point needed a second batch: the test does not exercise precision-driven stopping")
	}
}

// TestResumeAfterCut: a journal whose last record was cut (a crash in the
// middle of a write) resumes to the same files; the partial record is not
// read as data.
func TestResumeAfterCut(t *testing.T) {
	exp := writeExp(t, fixedExp)
	a, b := t.TempDir(), t.TempDir()
	sweep(t, exp, a, 2, Shard{})
	sweep(t, exp, b, 2, Shard{})
	jp := filepath.Join(b, journalName)
	j, err := openJournal(jp, false)
	if err != nil {
		t.Fatal(err)
	}
	// cut the journal in the middle of the record of point 2, replication 1
	ref := j.runs[runKey(2, 1)]
	j.close()
	if err := os.Truncate(jp, ref.off+int64(ref.n)/2); err != nil {
		t.Fatal(err)
	}
	for _, f := range outputs[:4] {
		os.Remove(filepath.Join(b, f))
	}
	tm := sweep(t, exp, b, 2, Shard{})
	if tm.Cut == 0 || tm.Runs == 0 || tm.Resumed == 0 || tm.Runs+tm.Resumed != 12 {
		t.Errorf("resume: cut %d bytes, ran %d, resumed %d; want a cut, and 12 runs in all", tm.Cut, tm.Runs, tm.Resumed)
	}
	sameOutputs(t, a, b)
	// And a finished sweep started again runs nothing.
	tm = sweep(t, exp, b, 2, Shard{})
	if tm.Runs != 0 || tm.Resumed != 12 {
		t.Errorf("rerun of a finished sweep ran %d and resumed %d", tm.Runs, tm.Resumed)
	}
	sameOutputs(t, a, b)
}

// TestSweepRefusesOtherPlan: a directory holds one sweep.
func TestSweepRefusesOtherPlan(t *testing.T) {
	dir := t.TempDir()
	sweep(t, writeExp(t, fixedExp), dir, 2, Shard{})
	other := writeExp(t, strings.Replace(fixedExp, "n = 3", "n = 4", 1))
	src := CachedSource()
	e, err := src.LoadExperiment(other)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: dir})
	if err == nil || !strings.Contains(err.Error(), "another sweep") {
		t.Errorf("sweep into another sweep's directory: %v", err)
	}
}

// TestUnknownTargetKPI: a target naming no KPI is reported at its line.
func TestUnknownTargetKPI(t *testing.T) {
	exp := writeExp(t, strings.Replace(precisionExp, `kpi = "matters.overall.latency_mean_days"`, `kpi = "matters.overall.latency_mean"`, 1))
	src := CachedSource()
	e, err := src.LoadExperiment(exp)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: t.TempDir(), Workers: 1})
	want := `exp.toml:22: replications.target.0.kpi: no KPI named "matters.overall.latency_mean" (did you mean "matters.overall.latency_mean_days"?)`
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v\nwant …%s", err, want)
	}
}

func TestSampledDesigns(t *testing.T) {
	for _, kind := range []string{"lhs", "halton", "sobol"} {
		text := `base = "classroom"
[set]
"run.horizon" = "1w"
[[lever]]
path = "platform.one_window"
values = [false, true]
[uncertainties]
sample = "` + kind + `"
n = 8
[[uncertainty]]
path = "citizens.b0"
range = [-4.0, -1.0]
[[uncertainty]]
path = "hall.windows"
range = [1, 4]
integer = true
[[uncertainty]]
path = "travel.time"
range = [10, 40]
format = "exp({}m)"
`
		src := CachedSource()
		e, err := src.LoadExperiment(writeExp(t, text))
		if err != nil {
			t.Fatal(err)
		}
		plan, err := NewPlan(e, src, 2)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if len(plan.Points) != 16 || plan.Uncertainties.Points != 8 {
			t.Fatalf("%s: %d points, %d worlds; want 16 and 8", kind, len(plan.Points), plan.Uncertainties.Points)
		}
		windows := map[float64]bool{}
		for _, p := range plan.Points {
			b0, w, tt := p.Values[1].(float64), p.Values[2].(float64), p.Values[3].(float64)
			if b0 < -4 || b0 >= -1 || w < 1 || w > 4 || w != float64(int(w)) || tt < 10 || tt >= 40 {
				t.Errorf("%s: point %d outside its ranges: %v", kind, p.ID, p.Values)
			}
			windows[w] = true
			if !slices.Contains(p.Sets, "travel.time=\"exp("+formatNumber(tt)+"m)\"") {
				t.Errorf("%s: point %d: sets %v do not apply the format to %v", kind, p.ID, p.Sets, tt)
			}
			// the same world under both lever sets
			if q := plan.Points[(p.ID+8)%16]; !slices.Equal(q.Values[1:], p.Values[1:]) {
				t.Errorf("%s: worlds of points %d and %d differ", kind, p.ID, q.ID)
			}
		}
		if len(windows) < 3 {
			t.Errorf("%s: 8 samples of an integer range 1…4 took %d values", kind, len(windows))
		}
		if plan.Columns[0].Type != "bool" || plan.Columns[1].Type != "number" {
			t.Errorf("%s: column types %v", kind, plan.Columns)
		}
	}
}

func TestGridAndVariants(t *testing.T) {
	text := `base = "classroom"
[[lever]]
name = "rules"
[[lever.variant]]
name = "plain"
[[lever.variant]]
name = "clear"
[lever.variant.set.responsibility]
clarity = 0.9
first_receiver = true
[[uncertainty]]
path = "citizens.b0"
range = [-4.0, -2.0]
levels = 3
`
	src := CachedSource()
	e, err := src.LoadExperiment(writeExp(t, text))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Points) != 6 {
		t.Fatalf("%d points, want 2 variants × 3 levels", len(plan.Points))
	}
	p := plan.Points[4] // clear, b0 = -3
	if p.Values[0] != "clear" || p.Values[1] != -3.0 {
		t.Errorf("point 4: %v", p.Values)
	}
	want := []string{"responsibility.clarity=0.9", "responsibility.first_receiver=true", "citizens.b0=-3.0"}
	if !slices.Equal(p.Sets, want) {
		t.Errorf("point 4 sets %v, want %v", p.Sets, want)
	}
	if plan.Points[0].Hash == plan.Points[3].Hash || plan.Points[0].Hash == plan.Points[1].Hash {
		t.Error("points with different parameters resolve to the same scenario")
	}
}

func TestReplicationSeed(t *testing.T) {
	seen := map[uint64]bool{}
	for r := range 1000 {
		s := ReplicationSeed(1, r)
		if seen[s] || s >= 1<<53 {
			t.Fatalf("replication %d: seed %d repeats or has more than 53 bits", r, s)
		}
		seen[s] = true
		if s != ReplicationSeed(1, r) {
			t.Fatal("seed not a function of (root, r)")
		}
	}
	if ReplicationSeed(1, 0) == ReplicationSeed(2, 0) {
		t.Error("roots 1 and 2 share replication 0's seed")
	}
}

func TestShardFromEnv(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want Shard
		ok   bool
		err  string
	}{
		{map[string]string{}, Shard{}, false, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"}, Shard{2, 3}, true, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "2"}, Shard{3, 4}, true, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, Shard{2, 3}, true, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, Shard{}, false, "not on the array's grid"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"}, Shard{}, false, "not an integer"},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "TIAOKUAI_SHARDS": "4"}, Shard{1, 4}, true, ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "1"}, Shard{}, false, "TIAOKUAI_SHARDS"},
		{map[string]string{"JOB_COMPLETION_INDEX": "4", "TIAOKUAI_SHARDS": "4"}, Shard{}, false, "outside"},
	}
	for _, c := range cases {
		s, _, ok, err := ShardFromEnv(func(k string) string { return c.env[k] })
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: error %v, want %q", c.env, err, c.err)
			}
			continue
		}
		if err != nil || ok != c.ok || s != c.want {
			t.Errorf("%v: got %v %v %v, want %v %v", c.env, s, ok, err, c.want, c.ok)
		}
	}
	for _, bad := range []string{"3/3", "-1/2", "1", "a/b", "0/0"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

// TestJournalLocked: a second sweep cannot write a journal another is
// writing.
func TestJournalLocked(t *testing.T) {
	p := filepath.Join(t.TempDir(), journalName)
	j, err := createOrOpenJournal(p, "h")
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if _, err := createOrOpenJournal(p, "h"); err == nil || !strings.Contains(err.Error(), "another sweep is writing") {
		t.Errorf("second writer: %v", err)
	}
	if r, err := openJournal(p, false); err != nil {
		t.Errorf("a reader is refused: %v", err)
	} else {
		r.close()
	}
}
