package main

import (
	"errors"
	"path/filepath"
	"testing"
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
