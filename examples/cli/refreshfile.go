package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
)

// flushTimeout bounds the last save of the refresh token when a run ends,
// cancelled or not.
const flushTimeout = 15 * time.Second

// refreshFile is the store of the refresh mode: a dsm.FileStore, whose
// Save replaces the file atomically with one of mode 0600, read by the
// rules of the other secret files.
type refreshFile struct{ dsm.FileStore }

// Load reads the refresh token (readRefreshFile).
func (f refreshFile) Load(context.Context) (string, error) { return readRefreshFile(f.Path) }

// newRefreshStore is the store of a checked refresh token file; tests
// wrap it to make its saves fail.
var newRefreshStore = func(path string) dsm.RefreshStore {
	return refreshFile{dsm.FileStore{Path: path}}
}

// readRefreshFile returns the refresh token of a file by the rules of
// readSecretFile, except that it must be a regular file (it is replaced
// with each new token, so a pipe cannot hold it) and that
// $CREDENTIALS_DIRECTORY gives no exception: systemd's credentials are
// read-only copies, which could not take the new token.
func readRefreshFile(path string) (string, error) {
	return readCheckedFile(path, func(f *os.File) error {
		info, err := f.Stat()
		if err != nil {
			return err
		}

		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file (it is a %s); the refresh token file "+
				"is replaced with each new token", path, fileKind(info.Mode()))
		}

		return checkSecretPerm(path, info, false)
	})
}

// checkRefreshFile checks the refresh token file before the run does any
// work: it must hold a token, and its directory must let this user create
// the file that replaces it. It returns the file's path with its links
// resolved, so that a save replaces the file, not a link to it. Its
// errors match app.ErrConfig and name the flag.
func checkRefreshFile(path string) (string, error) {
	if _, err := readRefreshFile(path); err != nil {
		return "", refreshFileError(err)
	}

	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", refreshFileError(err)
	}

	if err := checkWritableDir(filepath.Dir(real), "each new refresh token"); err != nil {
		return "", refreshFileError(err)
	}

	return real, nil
}

func refreshFileError(err error) error {
	return fmt.Errorf("%w: --dsm-refresh-token-file: %w", app.ErrConfig, err)
}

// checkWritableDir creates and removes a file in dir, as each save of a
// new refresh token or of the metrics file (what) does.
func checkWritableDir(dir, what string) error {
	f, err := os.CreateTemp(dir, ".omesync-check-*")
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("this user may not create files in %s, as saving %s does (a new "+
			"file replaces the old one); let it write there, or keep the file in a directory "+
			"it may write", dir, what)
	}

	if err != nil {
		return fmt.Errorf("cannot create a file in %s, as saving %s does: %w", dir, what, err)
	}

	name := f.Name()

	return errors.Join(f.Close(), os.Remove(name))
}

// openRefresh builds the refresh mode's token source over the checked
// refresh token file. A run that posts nothing leaves the file alone.
func (p *program) openRefresh() error {
	cfg := &p.opts.cfg
	if !cfg.UsesRefresh() || cfg.DryRun {
		return nil
	}

	path, err := checkRefreshFile(cfg.DSMRefreshFile)
	if err != nil {
		return err
	}

	rs, err := app.NewRefreshSource(cfg, p.deps.DSMHTTP, newRefreshStore(path))
	if err != nil {
		return err
	}

	p.refresh, p.deps.DSMTokens = rs, rs

	return nil
}

// flushRefresh saves the newest refresh token when its save failed during
// the run. Its error matches app.ErrConfig (exit 2) and says that the
// file still holds a spent token and what to do.
func (p *program) flushRefresh(ctx context.Context) error {
	if p.refresh == nil {
		return nil
	}

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()

	err := p.refresh.Flush(ctx)
	if err == nil {
		return nil
	}

	return fmt.Errorf("%w: --dsm-refresh-token-file %s could not be updated with the new "+
		"refresh token and still holds the spent one, which the next run cannot use: let this "+
		"user write the file and its directory, then %s (%w)",
		app.ErrConfig, p.opts.cfg.DSMRefreshFile, app.RefreshAdvice, err)
}
