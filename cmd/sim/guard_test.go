package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
)

// probe is one bad, extreme or hostile input of issue 14: sim must end in
// the exit code the README gives with a clear message, within seconds, and
// never panic (exit 3).
type probe struct {
	item   int // the numbered item
	name   string
	args   []string
	code   int
	stderr []string // each must appear
	not    []string // none may appear
}

func runProbes(t *testing.T, probes []probe) {
	t.Helper()
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			var so, se bytes.Buffer
			start := time.Now()
			code := run(p.args, &so, &se)
			el := time.Since(start)
			if code != p.code {
				t.Fatalf("item %d: sim %q: exit %d, want %d\nstderr: %s", p.item, p.args, code, p.code, trunc(se.String(), 2000))
			}
			for _, w := range p.stderr {
				if !strings.Contains(se.String(), w) {
					t.Errorf("item %d: sim %q: stderr lacks %q:\n%s", p.item, p.args, w, trunc(se.String(), 2000))
				}
			}
			for _, w := range p.not {
				if strings.Contains(se.String()+so.String(), w) {
					t.Errorf("item %d: sim %q: output shows %q", p.item, p.args, w)
				}
			}
			if el > time.Minute {
				t.Errorf("item %d: sim %q took %v", p.item, p.args, el)
			}
		})
	}
}

// short is a classroom run of one simulated week without warm-up.
func short(out string, sets ...string) []string {
	args := []string{"run", "classroom", "-q", "--out", out, "--warmup", "0s", "--horizon", "1w", "--set", "run.drain=0s"}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	return args
}

func TestGuardProbes(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zeroAllWeek := `["Mon-Sun 00:00-24:00 = 0"]`
	extZero := write("extzero.toml", "extend = \"/dev/zero\"\n")
	empZero := write("empzero.toml", "extend = \"classroom\"\n[hotline]\ntalk = 'empirical(file = \"/dev/zero\")'\n")
	passwd := write("passwd.toml", "extend = \"classroom\"\n[hotline]\ntalk = 'empirical(file = \"/etc/passwd\")'\n")
	deep := write("deep.toml", "name = \"deep\"\nx = "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n")
	deepInline := write("deepi.toml", "name = \"deepi\"\nx = "+strings.Repeat("{a=", 100_000)+"1"+strings.Repeat("}", 100_000)+"\n")
	escaped := write("esc.toml", "extend = \"classroom\"\nname = \"../../escaped\"\n")
	newline := write("nl.toml", "extend = \"classroom\"\nname = \"a\\nb\"\n")
	expEsc := write("exp.toml", "name = \"../../escaped\"\nbase = \"classroom\"\n[replications]\nn = 1\n")
	big := filepath.Join(dir, "big.toml") // sparse: 9 MiB of nothing
	if f, err := os.Create(big); err != nil {
		t.Fatal(err)
	} else {
		f.Truncate(9 << 20)
		f.Close()
	}

	runProbes(t, []probe{
		// 1. units without staff that receive work: refused by validation.
		{1, "hotline operators 0", short(out, "hotline.operators=0"), 2, []string{"hotline.operators", "no operator at any hour"}, []string{"panic", "internal error"}},
		{1, "hotline schedule all 0", short(out, "hotline.operators_schedule="+zeroAllWeek), 2, []string{"hotline.operators_schedule", "no operator"}, nil},
		{1, "department windows schedule all 0", short(out, "department.police.windows_schedule="+zeroAllWeek), 2, []string{"department.police.windows_schedule", "no window open at any hour"}, nil},
		{1, "hall schedule all 0 with one window", short(out, "platform.one_window=true", "hall.windows_schedule="+zeroAllWeek), 2, []string{"hall.windows_schedule", "halls have no window"}, nil},
		// 2, 3. elasticity has a range.
		{2, "elasticity +1e6", short(out, "demand.elasticity=1000000"), 2, []string{"demand.elasticity: must be in [-10, 10]"}, []string{"panic"}},
		{2, "elasticity -1e6", short(out, "demand.elasticity=-1000000"), 2, []string{"demand.elasticity: must be in [-10, 10]"}, []string{"panic"}},
		{3, "elasticity 300", short(out, "demand.elasticity=300"), 2, []string{"must be in [-10, 10]"}, nil},
		{3, "elasticity 1000", short(out, "demand.elasticity=1000"), 2, []string{"must be in [-10, 10]"}, nil},
		{3, "elasticity -100", short(out, "demand.elasticity=-100"), 2, []string{"must be in [-10, 10]"}, nil},
		{3, "elasticity -10 runs", short(out, "demand.elasticity=-10"), 0, nil, []string{"panic"}},
		// 4. rates and horizon have upper bounds; the largest allowed rate
		// stops at the live-entity bound instead of eating memory.
		{4, "rate_per_1000 1e300", short(out, "matter.birth.rate_per_1000=1e300"), 2, []string{"matter.birth.rate_per_1000: must be in [0, 1000]"}, nil},
		{4, "rate_per_1000 1e15", short(out, "matter.birth.rate_per_1000=1e15"), 2, []string{"must be in [0, 1000]"}, nil},
		{4, "rate_per_1000 1e9", short(out, "matter.birth.rate_per_1000=1e9"), 2, []string{"must be in [0, 1000]"}, nil},
		{4, "rate_per_1000 1e4", short(out, "matter.birth.rate_per_1000=1e4"), 2, []string{"must be in [0, 1000]"}, nil},
		{4, "ticket rate 1e300", short(out, "ticket.0.rate=1e300"), 2, []string{"must be in [0, 100000000]"}, nil},
		{4, "horizon 1e300w", []string{"run", "classroom", "--out", out, "--set", `run.horizon="1e300w"`}, 2, []string{"run.horizon: must be in (0, 3650d]"}, nil},
		{4, "default drain past the bound", []string{"check", "classroom", "--set", `ticket.0.deadline="3000d"`}, 2, []string{"run.drain: the default drain", "past the bound of 3650d"}, nil},
		{4, "--horizon 1e300w", []string{"run", "classroom", "--out", out, "--horizon", "1e300w"}, 2, []string{"run.horizon: must be in (0, 3650d]"}, nil},
		{4, "rate_per_1000 1000 under --max-live", append(short(out, "matter.birth.rate_per_1000=1000"), "--max-live", "20000"), 1,
			[]string{"live entities", "exceed the bound of 20000", "--max-live"}, []string{"panic"}},
		// 5. demand far beyond capacity: warned before the run, named when the bound stops it.
		{5, "overload warned", append(short(out, "matter.birth.rate_per_1000=50"), "--max-live", "-1"), 0,
			[]string{"warning: offered load", "windows police@old-town"}, nil},
		{5, "overload stopped", append(short(out, "matter.birth.rate_per_1000=1000"), "--max-live", "20000"), 1,
			[]string{"offered load ≥ 1 at windows"}, nil},
		{5, "check prints overload", []string{"check", "classroom", "--set", "matter.birth.rate_per_1000=50"}, 0, nil, nil},
		// 6. population: bounded per community and for the city; a large
		// one runs under the live bound.
		{6, "population 1e9", short(out, "city.district.old-town.population=1000000000"), 2, []string{"must be in [0, 100000000]"}, nil},
		{6, "city over 1e8 after scale", short(out, "run.scale=1000", "city.district.old-town.population=100000"), 2, []string{"at most 100000000"}, nil},
		{6, "resident services under --max-live", append(short(out, "grassroots.resident_rate_per_1000=1000"), "--max-live", "20000"), 1, []string{"exceed the bound of 20000"}, nil},
		// 7. files: only regular files of bounded size and nesting.
		{7, "extend /dev/zero", []string{"check", extZero}, 2, []string{"extend", "not a regular file (a device)"}, nil},
		{7, "check /dev/zero", []string{"check", "/dev/zero"}, 2, []string{"not a regular file"}, nil},
		{7, "empirical /dev/zero", []string{"check", empZero}, 2, []string{"not a regular file"}, nil},
		{7, "file over 8 MiB", []string{"check", big}, 2, []string{"too large"}, nil},
		{7, "100,000 nested [", []string{"check", deep}, 2, []string{"deep.toml:2", "nest more than 64 deep"}, nil},
		{7, "100,000 nested inline tables", []string{"check", deepInline}, 2, []string{"nest more than 64 deep"}, nil},
		// 12. names used in paths.
		{12, "scenario name ../../escaped", []string{"check", escaped}, 2, []string{"name", "may not contain /"}, nil},
		{12, "scenario name with a newline", []string{"check", newline}, 2, []string{"control characters"}, nil},
		{12, "experiment name ../../escaped", []string{"sweep", expEsc, "-q"}, 2, []string{"may not contain /"}, nil},
		// 16. an empirical file's lines are not echoed.
		{16, "empirical /etc/passwd", []string{"check", passwd}, 2, []string{"/etc/passwd", "the line is not shown"}, []string{"root:", "daemon:", "/bin/"}},
	})
	var so, se bytes.Buffer
	run([]string{"check", "classroom", "--set", "matter.birth.rate_per_1000=50"}, &so, &se)
	if !strings.Contains(so.String(), "# warning: offered load") {
		t.Errorf("item 5: sim check prints no offered-load warning:\n%s", trunc(so.String(), 1500))
	}
}

// Item 9–11: results are written as sets, streams only complete under
// their final names, and runs and sweeps do not overwrite each other.
func TestGuardOutputs(t *testing.T) {
	dir := t.TempDir()
	// 10: a run stopped by the live bound leaves its event logs only as
	// NAME.partial, and no run files.
	ev, cases, ocel := filepath.Join(dir, "ev.csv"), filepath.Join(dir, "cases.csv"), filepath.Join(dir, "ev.json")
	failed := filepath.Join(dir, "failed")
	args := append(short(failed, "matter.birth.rate_per_1000=1000"), "--max-live", "20000", "--events", ev, "--cases", cases, "--events-ocel", ocel)
	var so, se bytes.Buffer
	if code := run(args, &so, &se); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, se.String())
	}
	for _, p := range []string{ev, cases, ocel, filepath.Join(failed, "summary.json")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("item 10: a failed run left %s under its final name", p)
		}
	}
	for _, p := range []string{ev, cases, ocel} {
		if _, err := os.Stat(p + ".partial"); err != nil {
			t.Errorf("item 10: no %s.partial: %v", p, err)
		}
	}
	// A finished run commits them.
	good := filepath.Join(dir, "good")
	so.Reset()
	se.Reset()
	if code := run(append(short(good), "--events", ev, "--cases", cases, "--events-ocel", ocel), &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	for _, p := range []string{ev, cases, ocel} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("item 10: a finished run left no %s: %v", p, err)
		}
		if _, err := os.Stat(p + ".partial"); err == nil {
			t.Errorf("item 10: a finished run left %s.partial", p)
		}
	}
	if b, _ := os.ReadFile(ocel); !bytes.HasSuffix(b, []byte("]}\n")) {
		t.Errorf("item 10: the OCEL log is not terminated")
	}

	// 11: sim run refuses a sweep's directory, sim sweep a run's.
	sweepDir := filepath.Join(dir, "sweep")
	os.MkdirAll(sweepDir, 0o755)
	man := []byte(`{"tool":"tiaokuai","hash":"abc","experiment":"x"}`)
	os.WriteFile(filepath.Join(sweepDir, "manifest.json"), man, 0o644)
	if k := experiments.OutKind(sweepDir); k != "sweep" {
		t.Fatalf("OutKind of a sweep = %q", k)
	}
	if k := experiments.OutKind(good); k != "run" {
		t.Fatalf("OutKind of a run = %q", k)
	}
	runProbes(t, []probe{
		{11, "run into a sweep", short(sweepDir), 2, []string{"holds the results of a sweep", "--overwrite"}, nil},
		{11, "sweep into a run", []string{"sweep", "../../experiments/examples/classroom-levers.toml", "-q", "--out", good}, 2, []string{"holds the results of a run"}, nil},
	})
	if b, _ := os.ReadFile(filepath.Join(sweepDir, "manifest.json")); !bytes.Equal(b, man) {
		t.Errorf("item 11: the sweep's manifest was overwritten")
	}
	so.Reset()
	se.Reset()
	if code := run(append(short(sweepDir), "--overwrite"), &so, &se); code != 0 {
		t.Errorf("item 11: --overwrite: exit %d: %s", code, se.String())
	}
}

// Item 13: NaN and ±Inf values in a run's files are counted on the console.
func TestGuardNonFinite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "timeseries.csv")
	os.WriteFile(p, []byte("day,a,b\n1,2,3\n2,NaN,+Inf\n3,4,-inf\n"), 0o644)
	var se bytes.Buffer
	warnNonFinite(&se, []string{dir})
	if !strings.Contains(se.String(), "3 values in 2 rows are NaN or ±Inf") {
		t.Errorf("item 13: %q", se.String())
	}
}

// Item 14: a journal cut is said on the console.
func TestGuardJournalCut(t *testing.T) {
	var se bytes.Buffer
	warnJournalCut(&se, &experiments.SweepTiming{Cut: 4096})
	if !strings.Contains(se.String(), "4096 bytes") || !strings.Contains(se.String(), "done again") {
		t.Errorf("item 14: %q", se.String())
	}
	se.Reset()
	warnJournalCut(&se, &experiments.SweepTiming{})
	if se.Len() != 0 {
		t.Errorf("item 14: a whole journal warned: %q", se.String())
	}
}

// Item 15: comparing two different cities is warned about.
func TestGuardCompareStructure(t *testing.T) {
	var se bytes.Buffer
	warnStructural(&se, "classroom", []string{"reform-one-window", "classroom"}, nil)
	got := se.String()
	for _, w := range []string{"classroom and reform-one-window differ in more than levers", "residents 20000 against 2000000", "only in reform-one-window: gulou"} {
		if !strings.Contains(got, w) {
			t.Errorf("item 15: lacks %q: %s", w, got)
		}
	}
	if strings.Count(got, "warning") != 1 {
		t.Errorf("item 15: want one warning (classroom against itself is fine): %s", got)
	}
}

// A panic is an internal error: exit 3, never 2.
func TestPanicExits3(t *testing.T) {
	saved := commands
	defer func() { commands = saved }()
	commands = append(commands, command{"boom", "", "", func([]string, io.Writer, io.Writer) error { panic("kaboom") }})
	var so, se bytes.Buffer
	if code := run([]string{"boom", "x"}, &so, &se); code != 3 {
		t.Fatalf("exit %d, want 3", code)
	}
	for _, w := range []string{"internal error: kaboom", "please report it", "sim boom x"} {
		if !strings.Contains(se.String(), w) {
			t.Errorf("stderr lacks %q: %s", w, se.String())
		}
	}
}

// Item 14 end to end: a journal corrupt in its middle loses every later
// record; resuming says so on the console and runs them again.
func TestGuardJournalCorruptMiddle(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "j.toml")
	os.WriteFile(exp, []byte("name = \"j\"\nbase = \"classroom\"\n[set]\n\"run.horizon\" = \"1w\"\n\"run.warmup\" = \"0s\"\n[replications]\nn = 6\n"), 0o644)
	out := filepath.Join(dir, "out")
	var so, se bytes.Buffer
	if code := run([]string{"sweep", exp, "-q", "--workers", "1", "--out", out}, &so, &se); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, se.String())
	}
	journal := filepath.Join(out, "journal.bin")
	b, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff // a bit flip in the middle
	os.WriteFile(journal, b, 0o644)
	so.Reset()
	se.Reset()
	if code := run([]string{"sweep", exp, "-q", "--workers", "1", "--out", out}, &so, &se); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, se.String())
	}
	if !strings.Contains(se.String(), "warning: the sweep's journal ended in") {
		t.Errorf("item 14: resuming after a corrupt journal said nothing: %q", se.String())
	}
}
