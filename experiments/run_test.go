package experiments

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files (review the diff before committing)")

func runTo(t *testing.T, name string, seed uint64, dir string) {
	t.Helper()
	cfg, res, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Run(RunSpec{Config: cfg, Resolved: res, Seed: seed, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
}

// TestByteIdentical: the same scenario and seed twice give byte-identical
// outputs, timing.json aside.
func TestByteIdentical(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	runTo(t, "classroom", 3, a)
	runTo(t, "classroom", 3, b)
	for _, f := range []string{"summary.json", "timeseries.csv", "ranking.csv", "manifest.json"} {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two identical runs", f)
		}
		if len(x) < 100 {
			t.Errorf("%s is suspiciously short (%d bytes)", f, len(x))
		}
	}
	// A different seed gives a different summary.
	c := t.TempDir()
	runTo(t, "classroom", 4, c)
	x, _ := os.ReadFile(filepath.Join(a, "summary.json"))
	y, _ := os.ReadFile(filepath.Join(c, "summary.json"))
	if bytes.Equal(x, y) {
		t.Error("seeds 3 and 4 gave the same summary")
	}
}

// TestGoldenClassroom pins the classroom town's summary for seed 1. The
// golden file is per GOARCH (arm64 fuses multiply-add). Regenerate only
// with `go test ./experiments -run Golden -update` and review the diff.
func TestGoldenClassroom(t *testing.T) {
	golden := filepath.Join("testdata", "classroom-s1."+runtime.GOARCH+".summary.json")
	dir := t.TempDir()
	runTo(t, "classroom", 1, dir)
	got, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		t.Skipf("no golden file for %s (%s); create it with -update on this architecture", runtime.GOARCH, golden)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("classroom summary differs from %s; if the change is intended, rerun with -update and review the diff", golden)
	}
}
