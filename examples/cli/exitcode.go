package main

import (
	"errors"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// Exit codes, documented in --help and the README.
const (
	exitOK      = 0 // every device synced, filtered or skipped for a reason
	exitFailed  = 1 // the run failed
	exitConfig  = 2 // bad configuration
	exitPartial = 3 // some devices failed, the others were synced
)

// exitCode maps a run's error and outcome to the process exit code.
func exitCode(err error, status app.Status) int {
	switch {
	case errors.Is(err, app.ErrConfig):
		return exitConfig
	case err != nil || status == app.StatusFailed:
		return exitFailed
	case status == app.StatusPartial:
		return exitPartial
	}

	return exitOK
}
