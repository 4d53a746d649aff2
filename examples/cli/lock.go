package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/gofrs/flock"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// errLocked says another run holds the lock file.
var errLocked = errors.New("another omesync run holds the lock")

// acquireLock takes the lock file without waiting. The returned function
// releases it. An empty path takes no lock. A lock file that cannot be
// opened (a directory, or its directory is missing or not writable) is a
// configuration error naming the flag.
func acquireLock(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}

	if err := checkFilePath("--lock-file", path, "omesync.lock"); err != nil {
		return nil, err
	}

	fl := flock.New(path)
	ok, err := fl.TryLock()
	if err != nil {
		return nil, lockFileError(path, err)
	}

	if !ok {
		return nil, fmt.Errorf("%w on %s; this run stops so that two runs never overlap", errLocked, path)
	}

	return func() { _ = fl.Unlock() }, nil
}

// lockFileError explains why the lock file could not be opened.
func lockFileError(path string, err error) error {
	dir := filepath.Dir(path)
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%w: --lock-file %s: %w; choose a file in a directory this user may write "+
			"(not %s)", app.ErrConfig, path, err, dir)
	}

	return fmt.Errorf("%w: --lock-file %s: %w", app.ErrConfig, path, err)
}
