// Package atomicfile writes output files so that a reader never finds a
// half-written file under its final name (issue 14): whole files go to a
// temporary name beside the target and are renamed into place once
// complete; a set of files is renamed into place only after every one of
// them is complete; a stream (an event log written as a run goes) is
// written under NAME.partial and renamed to NAME when it is committed, so
// a failed, killed or interrupted run leaves only the .partial file.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// PartialSuffix marks a stream that is being written or was cut off.
const PartialSuffix = ".partial"

// Write writes data to path atomically: to a temporary file in the same
// directory, synced, then renamed over path. On error path is untouched
// and the temporary file removed.
func Write(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = write(f, data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644) // CreateTemp makes files private
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Name(), nil
}

// write is f.Write; tests replace it to simulate a full disk.
var write = func(f *os.File, b []byte) (int, error) { return f.Write(b) }

// File is one member of a set.
type File struct {
	Name string // base name within the set's directory
	Data []byte
}

// WriteSet writes files into dir as one set: every file is written to a
// temporary name first, and only when all are complete are they renamed
// into place, so a full disk or an error leaves the previous set whole
// (no new summary beside an old series).
func WriteSet(dir string, files []File) error {
	tmps := make([]string, 0, len(files))
	fail := func(err error) error {
		for _, t := range tmps {
			os.Remove(t)
		}
		return err
	}
	for _, f := range files {
		t, err := writeTemp(filepath.Join(dir, f.Name), f.Data)
		if err != nil {
			return fail(err)
		}
		tmps = append(tmps, t)
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], filepath.Join(dir, f.Name)); err != nil {
			return fail(fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err))
		}
	}
	return nil
}

// Stream is a file written incrementally: it lives under Path+".partial"
// until Commit renames it to Path.
type Stream struct {
	*os.File
	path string
	done bool
}

// Create starts a stream for path (truncating any earlier NAME.partial; an
// existing complete file at path stays until Commit replaces it).
func Create(path string) (*Stream, error) {
	f, err := os.Create(path + PartialSuffix)
	if err != nil {
		return nil, err
	}
	return &Stream{File: f, path: path}, nil
}

// Path is the final name.
func (s *Stream) Path() string { return s.path }

// Commit syncs and closes the stream and renames it to its final name.
func (s *Stream) Commit() error {
	if s.done {
		return errors.New("atomicfile: stream already closed")
	}
	s.done = true
	err := s.File.Sync()
	if cerr := s.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(s.File.Name(), s.path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w (what was written is in %s)", s.path, err, s.File.Name())
	}
	return nil
}

// Abort closes the stream and leaves it under its .partial name.
func (s *Stream) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	return s.File.Close()
}
