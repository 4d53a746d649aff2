package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// helpPointer ends every error found while the arguments are read.
const helpPointer = "run 'omesync --help' for usage"

// writeUsageError writes an error found while the arguments were read:
// a JSON line under --log-format json, as the run's own errors are, else
// the error and helpPointer, one line each.
func writeUsageError(w io.Writer, args []string, err error) {
	if logFormatArg(args) == "json" {
		log := slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: app.Redact}))
		log.Error(err.Error(), "help", helpPointer)

		return
	}

	fmt.Fprintf(w, "omesync: %v\n%s\n", err, helpPointer)
}

// logFormatArg returns the last --log-format given in args, "" when none.
// It reads args by hand: the flags may have stopped at an error before
// reaching it.
func logFormatArg(args []string) string {
	format := ""
	for i, a := range args {
		if a == "--" {
			break
		}

		name, value, inline := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "log-format" {
			continue
		}

		if !inline && i+1 < len(args) {
			value = args[i+1]
		}

		format = value
	}

	return format
}
