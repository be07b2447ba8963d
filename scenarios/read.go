package scenarios

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Limits on the files a user hands sim (issue 14): scenario, experiment,
// mapping and distribution files are read whole, so they are read only
// when they are regular files of at most MaxInputBytes, and their nesting
// of arrays and inline tables is at most MaxNesting deep. (Case records
// for `sim fit` are streamed and have no such limit.)
const (
	MaxInputBytes = 8 << 20 // 8 MiB: the largest shipped scenario is 47 KB
	MaxNesting    = 64
)

// ReadInput reads a scenario, experiment, mapping or distribution file:
// a regular file (not a directory, device or named pipe, which could block
// or never end) of at most MaxInputBytes. It is the default
// Source.ReadFile.
func ReadInput(name string) ([]byte, error) {
	st, err := os.Stat(name) // before opening: opening a named pipe blocks
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a regular file (%s): give a file, not a directory, device or pipe", kindOf(st.Mode()))}
	}
	if st.Size() > MaxInputBytes {
		return nil, &os.PathError{Op: "read", Path: name, Err: fmt.Errorf("file of %d bytes is too large: at most %d (8 MiB)", st.Size(), MaxInputBytes)}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInputBytes {
		return nil, &os.PathError{Op: "read", Path: name, Err: fmt.Errorf("file grew past %d bytes (8 MiB) while being read", MaxInputBytes)}
	}
	return data, nil
}

func kindOf(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeCharDevice != 0, m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// checkNesting returns the line where arrays and inline tables nest more
// than MaxNesting deep in TOML text, or 0. Strings and comments are
// skipped; the scan is linear and needs no stack, so it is safe on any
// input and runs before the decoder (which recurses per level).
func checkNesting(data []byte) int {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			if bytes.HasPrefix(data[i:], []byte{c, c, c}) {
				end := bytes.Index(data[i+3:], []byte{c, c, c})
				if end < 0 {
					return 0 // unterminated: the decoder reports it
				}
				line += bytes.Count(data[i:i+3+end], []byte{'\n'})
				i += 3 + end + 2
				for i+1 < len(data) && data[i+1] == c { // up to two quotes close the string
					i++
				}
				continue
			}
			for i++; i < len(data) && data[i] != c && data[i] != '\n'; i++ {
				if c == '"' && data[i] == '\\' {
					i++
				}
			}
			if i < len(data) && data[i] == '\n' {
				line++
			}
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return line
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return 0
}
