package twin

import (
	"errors"

	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
)

// An event log is written under NAME.partial and renamed to NAME when it
// is closed complete (internal/atomicfile); a log whose run failed, or
// that could not be written, is left under NAME.partial.

// ErrAborted is the error of a log closed by Abort.
var ErrAborted = errors.New("the run did not finish: the log is incomplete and left under its .partial name")

// Abort closes a log of a run that did not finish, leaving it under
// NAME.partial, never under its final name.
func Abort(l EventLog) error {
	switch l := l.(type) {
	case *csvLog:
		if l.err == nil {
			l.err = ErrAborted
		}
	case *ocelLog:
		if l.err == nil {
			l.err = ErrAborted
		}
	case *casesLog:
		if l.err == nil {
			l.err = ErrAborted
		}
	}
	return l.Close()
}

// finish commits a stream written without error, else leaves it partial.
func finish(s *atomicfile.Stream, err error) error {
	if err != nil {
		return s.Abort()
	}
	return s.Commit()
}
