//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
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
