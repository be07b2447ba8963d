package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// optExp is a small policy search on the classroom town (a few seconds).
const optExp = `
name = "opt"
base = "classroom"
seed = 5
[set]
"run.horizon" = "2w"
"platform.online" = true
"cost.item" = [{ what = "one_window", one_off = 300, annual = 100 }, { what = "data_sharing", one_off = 600, annual = 100 }]
[[lever]]
path = "platform.one_window"
values = [false, true]
[[lever]]
name = "data_sharing"
path = "platform.data_sharing"
range = [0.0, 1.0]
[[uncertainty]]
path = "citizens.b0"
values = [-3.5, -1.5]
[optimize]
population = 4
generations = 3
reps = 2
confirm = 3
budget = 700
[optimize.race]
max = 4
[[optimize.objective]]
kpi = "matters.overall.visits_mean"
`

var optFiles = []string{"runs.csv", "runs.parquet", "candidates.csv", "pareto.csv", "optimize.json"}

// sim optimize, then its report and chart; bad input exits 2 with a clear
// message; a search killed mid-way and started again ends with the same
// files.
func TestOptimizeCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom town")
	}
	exp := filepath.Join(t.TempDir(), "opt.toml")
	os.WriteFile(exp, []byte(optExp), 0o644)
	ref := t.TempDir()
	var so, se bytes.Buffer
	if code := run([]string{"optimize", exp, "--out", ref, "--charts"}, &so, &se); code != 0 {
		t.Fatalf("sim optimize: exit %d: %s", code, se.String())
	}
	for _, w := range []string{"how sure:", "full-fidelity runs", "frontier chart of"} {
		if !strings.Contains(so.String(), w) {
			t.Errorf("sim optimize printed no %q:\n%s", w, so.String())
		}
	}
	html := filepath.Join(t.TempDir(), "r.html")
	for _, args := range [][]string{{"report", ref, "-o", html, "--lang", "zh"}, {"chart", "frontier", ref, "-o", filepath.Join(t.TempDir(), "f.png")}} {
		so.Reset()
		se.Reset()
		if code := run(args, &so, &se); code != 0 {
			t.Fatalf("sim %v: exit %d: %s", args, code, se.String())
		}
	}
	if md := readFile(t, strings.TrimSuffix(html, ".html")+".md"); !strings.Contains(md, "预算内的最佳改革方案") || !strings.Contains(md, "把握程度") {
		t.Errorf("the Chinese report lacks the section or how sure it is:\n%s", md)
	}

	for _, c := range []struct{ edit, want string }{
		{`kpi = "matters.overall.visits_mean"`, `no KPI named "matters.overall.visits"`},
		{`budget = 700`, "does not load"}, // budget = -1: a user error at its line
		{`"cost.item" = [`, "budget needs the base scenario classroom to price the levers"},
		{"[[optimize.objective]]", "no candidate of"},
	} {
		text := optExp
		switch c.want {
		case `no KPI named "matters.overall.visits"`:
			text = strings.Replace(text, c.edit, `kpi = "matters.overall.visits"`, 1)
		case "does not load":
			text = strings.Replace(text, c.edit, "budget = -1", 1)
			c.want = "optimize.budget: expected a non-negative number"
		case "budget needs the base scenario classroom to price the levers":
			text = strings.Replace(text, `"cost.item" = [{ what = "one_window", one_off = 300, annual = 100 }, { what = "data_sharing", one_off = 600, annual = 100 }]`, "", 1)
		case "no candidate of":
			text = strings.Replace(text, c.edit, "[[optimize.constraint]]\nkpi = \"matters.overall.visits_mean\"\nmax = 0.01\n[[optimize.objective]]", 1)
		}
		bad := filepath.Join(t.TempDir(), "bad.toml")
		os.WriteFile(bad, []byte(text), 0o644)
		so.Reset()
		se.Reset()
		code := run([]string{"optimize", bad, "-q", "--out", t.TempDir()}, &so, &se)
		if code != 2 || !strings.Contains(se.String(), c.want) || !strings.Contains(se.String(), "bad.toml:") {
			t.Errorf("bad input (%s): exit %d, stderr %q; want exit 2, the file and line, and %q", c.want, code, se.String(), c.want)
		}
	}

	// kill and resume
	bin := buildSim(t)
	killed := t.TempDir()
	cmd := exec.Command(bin, "optimize", exp, "-q", "--workers", "2", "--out", killed)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(killed, "journal.txt")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if b, err := os.ReadFile(journal); err == nil && bytes.Count(b, []byte("\n")) > 12 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the search wrote no runs within a minute")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("the search was not killed (it finished first?)")
	}
	if out, err := exec.Command(bin, "optimize", exp, "-q", "--workers", "2", "--out", killed).CombinedOutput(); err != nil {
		t.Fatalf("resumed search: %v\n%s", err, out)
	}
	for _, f := range optFiles {
		if !bytes.Equal([]byte(readFile(t, filepath.Join(ref, f))), []byte(readFile(t, filepath.Join(killed, f)))) {
			t.Errorf("%s differs between the uninterrupted and the killed-and-resumed search", f)
		}
	}
}
