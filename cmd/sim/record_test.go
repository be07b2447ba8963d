package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// listDir names the files in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// A recording whose encoder fails half-way leaves nothing under the final
// name and no temporary file; an earlier file under that name is kept
// whole (issue 14, item 10, for sim record's GIF and PNG).
func TestRecordWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.gif")
	boom := errors.New("disk full")
	half := func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 100_000)) // more than the buffer: reaches the file
		return boom
	}
	if err := writeFile(path, half); !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("a failed write left %v", got)
	}
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeFile(path, half)
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write replaced the earlier file with %d bytes", len(b))
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Errorf("files %v, want a.gif alone", got)
	}
	if err := writeFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after a good write: %q", b)
	}
}

// An MP4 whose ffmpeg fails after writing part of the file leaves nothing
// under the final name nor its temporary name; one that succeeds is
// renamed into place. ffmpeg is a stand-in script on PATH that copies its
// input to its last argument (and, to fail, exits 1 after that).
func TestRecordMP4FailureLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stand-in ffmpeg is a shell script")
	}
	for _, tc := range []struct {
		name   string
		script string
		ok     bool
	}{
		{"fails", "for a; do last=$a; done\nhead -c 1000 > \"$last\"\necho 'encoder broke' >&2\nexit 1\n", false},
		{"succeeds", "for a; do last=$a; done\ncat > \"$last\"\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := t.TempDir()
			if err := os.WriteFile(filepath.Join(bin, "ffmpeg"), []byte("#!/bin/sh\n"+tc.script), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			out := t.TempDir()
			path := filepath.Join(out, "a.mp4")
			var so, se bytes.Buffer
			code := run([]string{"record", "classroom", "--mp4", path, "--frames", "2", "--size", "320x240"}, &so, &se)
			files := listDir(t, out)
			if !tc.ok {
				if code == 0 || !strings.Contains(se.String(), "encoder broke") {
					t.Errorf("exit %d, stderr %q: want a failure naming ffmpeg's message", code, se.String())
				}
				if len(files) != 0 {
					t.Errorf("a failed recording left %v", files)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, se.String())
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Size() != 2*320*240*4 || len(files) != 1 {
				t.Errorf("files %v, %v: want a.mp4 alone with the two raw frames", files, err)
			}
		})
	}
}
