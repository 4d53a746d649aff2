package main

import (
	"errors"
	"fmt"

	"github.com/gofrs/flock"
)

// errLocked says another run holds the lock file.
var errLocked = errors.New("another omesync run holds the lock")

// acquireLock takes the lock file without waiting. The returned function
// releases it. An empty path takes no lock.
func acquireLock(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}

	fl := flock.New(path)
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}

	if !ok {
		return nil, fmt.Errorf("%w on %s; this run stops so that two runs never overlap", errLocked, path)
	}

	return func() { _ = fl.Unlock() }, nil
}
