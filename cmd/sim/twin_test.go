package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTwinCommands runs the digital-twin commands end to end: a run with
// event logs, a trace of one case, and sim fit on the LA excerpt whose
// fragment then passes sim check.
func TestTwinCommands(t *testing.T) {
	dir := t.TempDir()
	ev := filepath.Join(dir, "ev.csv")
	ocel := filepath.Join(dir, "ev.json")
	var so, se bytes.Buffer
	if code := run([]string{"run", "classroom", "-q", "--horizon", "2w", "--out", filepath.Join(dir, "run"), "--events", ev, "--events-ocel", ocel}, &so, &se); code != 0 {
		t.Fatalf("sim run --events: exit %d: %s", code, se.String())
	}
	f, err := os.Open(ev)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) < 1000 {
		t.Fatalf("event log: %d rows, err %v", len(rows), err)
	}
	if b, _ := os.ReadFile(ocel); !bytes.Contains(b, []byte(`"objectTypes"`)) {
		t.Errorf("the OCEL log has no objectTypes")
	}

	so.Reset()
	se.Reset()
	if code := run([]string{"trace", "classroom"}, &so, &se); code != 0 {
		t.Fatalf("sim trace: exit %d: %s", code, se.String())
	}
	fields := strings.Fields(so.String())
	id := fields[len(fields)-1]
	so.Reset()
	if code := run([]string{"trace", "classroom", "--case", id}, &so, &se); code != 0 || !strings.Contains(so.String(), "complete") {
		t.Errorf("sim trace --case %s: exit %d, output %q", id, code, so.String())
	}

	out := filepath.Join(dir, "fitted.toml")
	so.Reset()
	se.Reset()
	if code := run([]string{"fit", "../../twin/testdata/la311-excerpt.csv", "--mapping", "../../twin/mappings/la311.toml", "-o", out}, &so, &se); code != 0 {
		t.Fatalf("sim fit: exit %d: %s", code, se.String())
	}
	se.Reset()
	if code := run([]string{"check", "-q", out}, &so, &se); code != 0 {
		t.Errorf("the fitted fragment does not check: %s", se.String())
	}
	// a fitted twin has no hotline: the console says so rather than NaN
	so.Reset()
	se.Reset()
	if code := run([]string{"run", out, "--warmup", "1d", "--horizon", "2d", "--out", filepath.Join(dir, "twin")}, &so, &se); code != 0 {
		t.Fatalf("sim run of the fit: exit %d: %s", code, se.String())
	}
	if s := so.String(); strings.Contains(s, "NaN% abandoned") || !strings.Contains(s, "hotline: no hotline contacts;") {
		t.Errorf("sim run of a twin without hotline contacts printed:\n%s", s)
	}
	if code := run([]string{"fit", "../../twin/testdata/la311-excerpt.csv", "--mapping", "../../twin/testdata/README.md", "-o", out}, &so, &se); code != 2 {
		t.Errorf("sim fit with a bad mapping: exit %d, want 2", code)
	}
	badTypes := filepath.Join(dir, "types.toml")
	la, _ := os.ReadFile("../../twin/mappings/la311.toml")
	os.WriteFile(badTypes, append(la, "\n[types]\n\"Bulky Items\" = \"bulky\"\n"...), 0o644)
	se.Reset()
	if code := run([]string{"fit", "../../twin/testdata/la311-excerpt.csv", "--mapping", badTypes, "-o", out}, &so, &se); code != 2 || !strings.Contains(se.String(), `types."Bulky Items": no ticket type "bulky" in the base "classroom"`) {
		t.Errorf("sim fit with [types] naming no base type: exit %d: %s", code, se.String())
	}
	so.Reset()
	se.Reset()
	if code := run([]string{"score", out, "../../twin/testdata/la311-excerpt.csv", "--mapping", "../../twin/mappings/la311.toml"}, &so, &se); code != 0 || !strings.Contains(so.String(), "| bulky-items--bos |") {
		t.Errorf("sim score: exit %d: %s%s", code, so.String(), se.String())
	}
	so.Reset()
	bt := filepath.Join(dir, "bt")
	if code := run([]string{"backtest", "../../twin/testdata/la311-excerpt.csv", "--mapping", "../../twin/mappings/la311.toml", "-o", bt}, &so, &se); code != 0 {
		t.Errorf("sim backtest: exit %d: %s", code, se.String())
	}
	if b, err := os.ReadFile(filepath.Join(bt, "score.md")); err != nil || !bytes.Contains(b, []byte("hypotheses, Holm–Bonferroni")) {
		t.Errorf("sim backtest wrote no score: %v", err)
	}
}

// TestCalibrateExperiment: sim calibrate reads the [calibrate] section of
// an experiment file, recovers the online-choice intercept that gives the
// target online share, and reports the unrelated parameter as not
// identifiable; a file without the section is a usage error.
func TestCalibrateExperiment(t *testing.T) {
	var so, se bytes.Buffer
	if code := run([]string{"calibrate", "../../experiments/examples/classroom-calibrate.toml"}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	out := so.String()
	if !strings.Contains(out, "citizens.b0") || !strings.Contains(out, "NO: the targets do not determine it") {
		t.Errorf("calibration output:\n%s", out)
	}
	var ach float64
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) == 4 && f[0] == "matters.overall.online_share" {
			fmt.Sscan(f[2], &ach)
		}
	}
	if ach < 0.49 || ach > 0.51 {
		t.Errorf("achieved online share %v, want 0.5 ± 0.01", ach)
	}
	se.Reset()
	if code := run([]string{"calibrate", "../../experiments/examples/classroom-levers.toml"}, &so, &se); code != 2 || !strings.Contains(se.String(), "[calibrate]") {
		t.Errorf("an experiment without [calibrate]: exit %d, %q", code, se.String())
	}
}
