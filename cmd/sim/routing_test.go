package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFitRoutedRecords: sim fit on records with a transfers column and
// sim run of the fit, as a user runs them: the run's bounces per ticket
// are the records' transfers per record (planted 0.5 for potholes — 30%
// transferred, each re-routing reaching the owner with probability 0.6 —
// and 0 for lights) within 0.1, and the console names the routing.
func TestFitRoutedRecords(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(4, 5))
	var b bytes.Buffer
	b.WriteString("id,created,closed,cat,agency,transfers\n")
	for i := range 6000 {
		cat, ag, share := "pothole", "roads", 0.3
		if i%2 == 1 {
			cat, ag, share = "lights", "power", 0
		}
		created := int64(1700000000) + int64(r.Float64()*10*86400)
		k := 0
		if r.Float64() < share {
			k = 1
			for r.Float64() >= 0.6 {
				k++
			}
		}
		d := r.ExpFloat64()*24 + float64(k+1)*2
		fmt.Fprintf(&b, "%d,%d,%d,%s,%s,%d\n", i, created, created+int64(d*3600), cat, ag, k)
	}
	data := filepath.Join(dir, "routed.csv")
	mapping := filepath.Join(dir, "routed.toml")
	os.WriteFile(data, b.Bytes(), 0o644)
	os.WriteFile(mapping, []byte("time_format = \"unix\"\ntransfer_time = \"2h\"\n[columns]\nid = \"id\"\ncreated = \"created\"\nclosed = \"closed\"\ncategory = \"cat\"\nagency = \"agency\"\ntransfers = \"transfers\"\n"), 0o644)
	out := filepath.Join(dir, "fit", "routed.toml")
	var so, se bytes.Buffer
	if code := run([]string{"fit", data, "--mapping", mapping, "-o", out}, &so, &se); code != 0 {
		t.Fatalf("sim fit: exit %d: %s", code, se.String())
	}
	if !strings.Contains(so.String(), "routing from the transfers column: 1 of 2 types with transfers;") || !strings.Contains(so.String(), "transfer_time 2h") {
		t.Errorf("sim fit does not say how it routes:\n%s", so.String())
	}
	if rep, err := os.ReadFile(filepath.Join(dir, "fit", "routed-report.md")); err != nil || !bytes.Contains(rep, []byte("## Routing from the transfers column")) || !bytes.Contains(rep, []byte("| lights--power | 3000 | 0 | 0.0000 | 0.0000 | — | — |")) {
		t.Errorf("the report has no routing table (%v)", err)
	}
	so.Reset()
	if code := run([]string{"run", out, "--warmup", "1w", "--horizon", "2w", "--out", filepath.Join(dir, "run")}, &so, &se); code != 0 {
		t.Fatalf("sim run: exit %d: %s", code, se.String())
	}
	want := map[string]float64{"pothole--roads": 0.5, "lights--power": 0}
	for _, l := range strings.Split(so.String(), "\n") {
		f := strings.Fields(l)
		if len(f) < 8 {
			continue
		}
		if w, ok := want[f[0]]; ok {
			delete(want, f[0])
			open, _ := strconv.Atoi(f[4])
			bounce, err := strconv.ParseFloat(f[7], 64)
			if err != nil || math.Abs(bounce-w) > 0.1 || open > 10 {
				t.Errorf("%s: %s bounces per ticket (want %.1f), %d open: %q", f[0], f[7], w, open, l)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no console rows for %v:\n%s", want, so.String())
	}
}
