//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Item 7: extend of a named pipe is refused before it is opened (opening
// it would block until a writer comes).
func TestGuardFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	ext := filepath.Join(dir, "ext.toml")
	os.WriteFile(ext, []byte("extend = \"fifo\"\n"), 0o644)
	runProbes(t, []probe{
		{7, "extend a named pipe", []string{"check", ext}, 2, []string{"not a regular file (a named pipe)"}, nil},
		{7, "check a named pipe", []string{"check", fifo}, 2, []string{"not a regular file (a named pipe)"}, nil},
	})
}

// Item 10 end to end: a run killed (SIGTERM, as Ctrl-C) while writing an
// event log leaves it only under NAME.partial, never under NAME.
func TestGuardKilledStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sim and starts a mid-size run")
	}
	bin := buildSim(t)
	dir := t.TempDir()
	ev := filepath.Join(dir, "ev.csv")
	cmd := exec.Command(bin, "run", "midcity", "-q", "--out", filepath.Join(dir, "out"), "--events", ev)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if st, err := os.Stat(ev + ".partial"); err == nil && st.Size() > 1<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no event log after a minute")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if _, err := os.Stat(ev); err == nil {
		t.Error("a killed run left its event log under the final name")
	}
	if _, err := os.Stat(ev + ".partial"); err != nil {
		t.Errorf("no %s.partial: %v", ev, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "summary.json")); err == nil {
		t.Error("a killed run wrote summary.json")
	}
}
