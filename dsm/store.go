package dsm

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
)

// FileStore keeps the refresh token in a file readable by its owner only
// (mode 0600). Save writes a temporary file beside it, syncs it to disk,
// renames it into place and syncs the directory, so that a crash leaves
// the old token or the new one, never half a token, and a rename that
// returned survives a crash.
type FileStore struct {
	// Path is the file's path; its directory must exist and be writable.
	Path string
}

// Load reads the token. A missing file is an error that wraps
// fs.ErrNotExist and says to sign in first.
func (s FileStore) Load(ctx context.Context) (string, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("dsm: no refresh token saved at %s; sign in with a password first: %w",
			s.Path, err)
	}

	if err != nil {
		return "", fmt.Errorf("dsm: read refresh token file: %w", err)
	}

	return strings.TrimSpace(string(b)), nil
}

// Save replaces the token atomically and durably.
func (s FileStore) Save(ctx context.Context, refreshToken string) error {
	if s.Path == "" {
		return errors.New("dsm: FileStore needs a path")
	}

	if err := replaceFile(s.Path, refreshToken+"\n", syncDir); err != nil {
		return fmt.Errorf("dsm: save refresh token: %w", err)
	}

	return nil
}

// replaceFile writes data to a new file of mode 0600 beside path, syncs
// it, renames it over path, and then syncs the directory with syncDir, so
// that the rename itself reaches the disk.
func replaceFile(path, data string, syncDir func(dir string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".refresh-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())

	if err := writeAndClose(tmp, data); err != nil {
		return err
	}

	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}

	return syncDir(filepath.Dir(path))
}

// writeAndClose writes data and syncs it to disk before closing.
func writeAndClose(f *os.File, data string) error {
	_, err := f.WriteString(data)
	err = errors.Join(err, f.Sync())

	return errors.Join(err, f.Close())
}

// syncDir syncs a directory, so that a rename in it survives a crash. It
// does nothing on Windows, which cannot sync a directory, nor where the
// file system answers that it cannot (EINVAL, ENOTSUP).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}

	d, err := os.Open(dir)
	if err != nil {
		return err
	}

	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, errors.ErrUnsupported) {
		err = nil
	}

	return errors.Join(err, d.Close())
}

// MemoryStore keeps the refresh token in memory, for tests and for
// programs that persist it their own way. It is safe for concurrent use.
type MemoryStore struct {
	mu    sync.Mutex
	token secret
	saves int
}

// NewMemoryStore returns a store that holds refreshToken.
func NewMemoryStore(refreshToken string) *MemoryStore {
	return &MemoryStore{token: newSecret(refreshToken)}
}

// String names the store without its token.
func (s *MemoryStore) String() string { return "dsm.MemoryStore{refresh_token: " + redacted + "}" }

// GoString is String, so that %#v hides the token too.
func (s *MemoryStore) GoString() string { return s.String() }

// Load returns the token.
func (s *MemoryStore) Load(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.token.reveal(), nil
}

// Save replaces the token.
func (s *MemoryStore) Save(_ context.Context, refreshToken string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.token = newSecret(refreshToken)
	s.saves++

	return nil
}

// Saves returns how many times Save was called.
func (s *MemoryStore) Saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.saves
}
