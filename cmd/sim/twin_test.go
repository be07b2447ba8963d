package main

import (
	"bytes"
	"encoding/csv"
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
	if code := run([]string{"fit", "../../twin/testdata/la311-excerpt.csv", "--mapping", "../../twin/testdata/README.md", "-o", out}, &so, &se); code != 2 {
		t.Errorf("sim fit with a bad mapping: exit %d, want 2", code)
	}
}
