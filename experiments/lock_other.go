//go:build !unix

package experiments

import "os"

// lockJournal does nothing where flock is not available.
func lockJournal(f *os.File) error { return nil }
