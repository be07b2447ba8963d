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
	if lf, ok := l.(interface{ logf() *logFile }); ok && lf.logf().err == nil {
		lf.logf().err = ErrAborted
	}
	return l.Close()
}

// logf gives Abort the file behind any log that embeds a *logFile.
func (l *logFile) logf() *logFile { return l }

// finish commits a stream written without error, else leaves it partial.
func finish(s *atomicfile.Stream, err error) error {
	if err != nil {
		return s.Abort()
	}
	return s.Commit()
}
