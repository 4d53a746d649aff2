package dsm

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileStore keeps the refresh token in a file readable by its owner only
// (mode 0600). Save writes a temporary file beside it and renames it into
// place, so a crash never leaves half a token.
type FileStore struct {
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

// Save replaces the token atomically.
func (s FileStore) Save(ctx context.Context, refreshToken string) error {
	if s.Path == "" {
		return errors.New("dsm: FileStore needs a path")
	}

	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".refresh-*")
	if err != nil {
		return fmt.Errorf("dsm: save refresh token: %w", err)
	}
	defer os.Remove(tmp.Name())

	if err := writeAndClose(tmp, refreshToken); err != nil {
		return fmt.Errorf("dsm: save refresh token: %w", err)
	}

	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return fmt.Errorf("dsm: save refresh token: %w", err)
	}

	return nil
}

// writeAndClose writes the token with mode 0600 and syncs it to disk.
func writeAndClose(f *os.File, token string) error {
	err := errors.Join(f.Chmod(0o600), writeString(f, token+"\n"), f.Sync())

	return errors.Join(err, f.Close())
}

func writeString(f *os.File, s string) error {
	_, err := f.WriteString(s)
	return err
}

// MemoryStore keeps the refresh token in memory, for tests and for
// programs that persist it their own way. It is safe for concurrent use.
type MemoryStore struct {
	mu    sync.Mutex
	token string
	saves int
}

// NewMemoryStore returns a store that holds refreshToken.
func NewMemoryStore(refreshToken string) *MemoryStore {
	return &MemoryStore{token: refreshToken}
}

// Load returns the token.
func (s *MemoryStore) Load(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.token, nil
}

// Save replaces the token.
func (s *MemoryStore) Save(_ context.Context, refreshToken string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.token = refreshToken
	s.saves++

	return nil
}

// Saves returns how many times Save was called.
func (s *MemoryStore) Saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.saves
}
