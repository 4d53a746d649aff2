package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// checkFilePath refuses the path of a file that a flag names when it is a
// directory or lies in a directory that does not exist. suggest is the
// file name offered for a directory. Its errors match app.ErrConfig and
// name the flag.
func checkFilePath(flag, path, suggest string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("%w: %s %s is a directory; name a file, such as %s",
			app.ErrConfig, flag, path, filepath.Join(path, suggest))
	}

	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s %s: the directory %s does not exist; create it or choose "+
			"another path", app.ErrConfig, flag, path, dir)
	}

	return nil
}

// checkMetricsFile checks --metrics-file before the run, as acquireLock
// checks --lock-file: it is not a directory, and its directory exists and
// lets this user create the file that replaces it.
func checkMetricsFile(path string) error {
	if path == "" {
		return nil
	}

	if err := checkFilePath("--metrics-file", path, "omesync.prom"); err != nil {
		return err
	}

	if err := checkWritableDir(filepath.Dir(path), "the metrics file"); err != nil {
		return fmt.Errorf("%w: --metrics-file %s: %w", app.ErrConfig, path, err)
	}

	return nil
}
