package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/examples/internal/app"
)

func TestAcquireLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "omesync.lock")
	unlock, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := acquireLock(path); !errors.Is(err, errLocked) {
		t.Fatalf("second acquireLock error = %v, want errLocked", err)
	}

	unlock()
	unlock2, err := acquireLock(path)
	if err != nil {
		t.Fatalf("acquireLock after release: %v", err)
	}

	unlock2()
}

// TestLockFileInMissingDirectory: a lock file that cannot be created is a
// configuration error (exit 2) naming its directory.
func TestLockFileInMissingDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "no-such-dir")
	_, err := acquireLock(filepath.Join(dir, "omesync.lock"))
	if !errors.Is(err, app.ErrConfig) || !strings.Contains(err.Error(), "the directory "+dir+" does not exist") {
		t.Fatalf("acquireLock in a missing directory: error = %v, want ErrConfig naming %s", err, dir)
	}

	if got := exitCode(err, app.StatusFailed); got != exitConfig {
		t.Errorf("exit code %d, want 2", got)
	}
}

// TestLockFileIsADirectory: a --lock-file that names a directory is a
// configuration error naming the flag.
func TestLockFileIsADirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := acquireLock(dir)
	want := "--lock-file " + dir + " is a directory"
	if !errors.Is(err, app.ErrConfig) || !strings.Contains(err.Error(), want) {
		t.Fatalf("acquireLock(a directory) error = %v, want ErrConfig naming --lock-file", err)
	}

	if got := exitCode(err, app.StatusFailed); got != exitConfig {
		t.Errorf("exit code %d, want 2", got)
	}
}
