//go:build unix

package experiments

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockJournal takes an exclusive lock on an open journal, so that two
// sweeps (a Slurm task requeued while its first instance still runs, say)
// never append to the same journal. The lock goes with the process.
func lockJournal(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return fmt.Errorf("experiments: another sweep is writing %s; wait for it, or stop it first", f.Name())
	}
	if err != nil && !errors.Is(err, syscall.ENOLCK) && !errors.Is(err, syscall.ENOSYS) && !errors.Is(err, syscall.EOPNOTSUPP) {
		return fmt.Errorf("experiments: locking %s: %w", f.Name(), err)
	}
	return nil // locked, or a file system without locks
}
