package dsm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFileStoreSavesWithMode0600(t *testing.T) {
	t.Parallel()

	dir := t.TempDir()
	path := filepath.Join(dir, "refresh")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}

	s := FileStore{Path: path}
	for _, rt := range []string{"rt-1", "rt-2"} {
		if err := s.Save(t.Context(), rt); err != nil {
			t.Fatal(err)
		}
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", info.Mode().Perm())
	}

	if got, err := s.Load(t.Context()); got != "rt-2" || err != nil {
		t.Errorf("Load = %q, %v; want rt-2", got, err)
	}

	if left, _ := filepath.Glob(filepath.Join(dir, ".refresh-*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestFileStoreErrors(t *testing.T) {
	t.Parallel()

	missing := FileStore{Path: filepath.Join(t.TempDir(), "none")}
	if _, err := missing.Load(t.Context()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: err = %v, want fs.ErrNotExist", err)
	}

	if err := (FileStore{}).Save(t.Context(), "x"); err == nil {
		t.Error("Save without a path succeeded")
	}

	noDir := FileStore{Path: filepath.Join(t.TempDir(), "no", "such", "dir", "f")}
	if err := noDir.Save(t.Context(), "x"); err == nil {
		t.Error("Save into a missing directory succeeded")
	}
}

func TestFileStoreSyncsTheDirectoryAfterTheRename(t *testing.T) {
	t.Parallel()

	dir := t.TempDir()
	path := filepath.Join(dir, "refresh")
	var got []string
	record := func(d string) error {
		b, err := os.ReadFile(path)
		got = append(got, d, string(b), fmt.Sprint(err))

		return nil
	}

	if err := replaceFile(path, "rt-1\n", record); err != nil {
		t.Fatal(err)
	}

	if diff := cmp.Diff([]string{dir, "rt-1\n", "<nil>"}, got); diff != "" {
		t.Errorf("[dir, file content, read error] when the directory is synced (-want +got):\n%s", diff)
	}

	failed := errors.New("i/o error")
	err := replaceFile(path, "rt-2\n", func(string) error { return failed })
	if !errors.Is(err, failed) {
		t.Errorf("err = %v, want the directory sync's error", err)
	}
}

func TestSyncDir(t *testing.T) {
	t.Parallel()

	if err := syncDir(t.TempDir()); err != nil {
		t.Errorf("syncDir of a directory: %v", err)
	}

	err := syncDir(filepath.Join(t.TempDir(), "none"))
	if runtime.GOOS != "windows" && !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("syncDir of a missing directory: err = %v, want fs.ErrNotExist", err)
	}
}
