package twin

import (
	"bufio"
	"fmt"

	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
)

// logFile is the file behind every event log: created at once, written
// through a 64 KiB buffer, the first write error kept and returned by close.
type logFile struct {
	path string
	f    *atomicfile.Stream // NAME.partial until close commits it (issue 14)
	w    *bufio.Writer
	err  error
}

func createLog(path string) (*logFile, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("twin: %w", err)
	}
	return &logFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// write writes b unless an earlier write failed.
func (l *logFile) write(b []byte) {
	if l.err == nil {
		_, l.err = l.w.Write(b)
	}
}

// close flushes and closes the file; err, if not nil, is an earlier error
// of the caller's, reported first.
func (l *logFile) close(err error) error {
	if err == nil {
		err = l.err
	}
	if e := l.w.Flush(); err == nil {
		err = e
	}
	if e := finish(l.f, err); err == nil { // an error leaves NAME.partial
		err = e
	}
	if err != nil {
		return fmt.Errorf("twin: writing %s: %w", l.path, err)
	}
	return nil
}

// TimeLayout is how every log writes a time: RFC 3339 in UTC with
// milliseconds, always 24 characters, so that sorting the strings sorts
// the times.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// appendStamp appends model time t (minutes) as a calendar time.
func appendStamp(b []byte, t float64) []byte {
	return wall(t).UTC().AppendFormat(b, TimeLayout)
}
