package main

import (
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// newLogger returns the run's logger on w: timestamped text lines, or JSON
// for log collectors; debug level with --debug. Secret-named attributes
// are redacted either way, and the end of the OME listing is logged as
// "Retrieved N devices from OpenManage Enterprise".
func newLogger(o *options, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if o.debug {
		level = slog.LevelDebug
	}

	if o.logFormat == "json" {
		return slog.New(listingHandler{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: app.Redact})})
	}

	return slog.New(listingHandler{newTextHandler(w, level, app.Redact)})
}

// isTerminal reports whether w is a terminal (never in cron or a pipe).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)

	return ok && term.IsTerminal(int(f.Fd()))
}
