package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk makes writes fail with ENOSPC after n successful ones.
func fullDisk(t *testing.T, n int) {
	saved := write
	t.Cleanup(func() { write = saved })
	write = func(f *os.File, b []byte) (int, error) {
		if n == 0 {
			half := len(b) / 2
			f.Write(b[:half])
			return half, syscall.ENOSPC
		}
		n--
		return f.Write(b)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// A full disk leaves the old file whole (issue 14, item 10).
func TestWriteFullDisk(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	if err := Write(p, []byte("old report")); err != nil {
		t.Fatal(err)
	}
	fullDisk(t, 0)
	if err := Write(p, []byte(strings.Repeat("new report ", 1000))); err == nil {
		t.Fatal("no error from a full disk")
	}
	if got := read(t, p); got != "old report" {
		t.Errorf("file now %q, want the old one whole", got[:min(40, len(got))])
	}
	noTemps(t, dir)
}

// A full disk in the middle of a set leaves the old set whole: no new
// summary beside an old series (issue 14, item 9).
func TestWriteSetFullDisk(t *testing.T) {
	dir := t.TempDir()
	old := []File{{"summary.json", []byte("old summary")}, {"timeseries.csv", []byte("old series")}, {"manifest.json", []byte("old manifest")}}
	if err := WriteSet(dir, old); err != nil {
		t.Fatal(err)
	}
	fullDisk(t, 1) // the first file is written, the second fails
	err := WriteSet(dir, []File{{"summary.json", []byte("new summary")}, {"timeseries.csv", []byte("new series")}, {"manifest.json", []byte("new manifest")}})
	if err == nil {
		t.Fatal("no error from a full disk")
	}
	for _, f := range old {
		if got := read(t, filepath.Join(dir, f.Name)); got != string(f.Data) {
			t.Errorf("%s = %q, want the old set whole", f.Name, got)
		}
	}
	noTemps(t, dir)
}

// A stream is under NAME.partial until committed; an aborted one stays
// there and never reaches NAME (issue 14, item 10).
func TestStream(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "events.csv")
	s, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteString("a,b\n1,")
	if _, err := os.Stat(p); err == nil {
		t.Fatal("the final name exists before commit")
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err == nil {
		t.Fatal("an aborted stream reached its final name")
	}
	if got := read(t, p+PartialSuffix); got != "a,b\n1," {
		t.Errorf("partial = %q", got)
	}
	s, err = Create(p)
	if err != nil {
		t.Fatal(err)
	}
	s.WriteString("a,b\n1,2\n")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "a,b\n1,2\n" {
		t.Errorf("committed = %q", got)
	}
	if _, err := os.Stat(p + PartialSuffix); err == nil {
		t.Error("a committed stream left its .partial")
	}
	if err := s.Commit(); err == nil {
		t.Error("a second commit succeeded")
	}
}
