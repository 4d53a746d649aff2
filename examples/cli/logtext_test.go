package main

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/examples/internal/app"
)

func TestTextHandler(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	h := newTextHandler(&b, slog.LevelInfo, app.Redact)
	h.now = func() time.Time { return time.Date(2025, 11, 6, 14, 30, 3, 0, time.UTC) }
	log := slog.New(h)

	log.Info("Retrieved 45 devices from OpenManage Enterprise")
	log.With("api", "ome").Warn("slow", "took", 2*time.Second, "password", "hunter2")
	log.WithGroup("dsm").Error("refused", "error", errors.New("401 invalid jwt"))
	log.Debug("hidden")

	want := "[2025-11-06 14:30:03] Retrieved 45 devices from OpenManage Enterprise\n" +
		"[2025-11-06 14:30:03] WARN: slow api=ome took=2s password=[redacted]\n" +
		"[2025-11-06 14:30:03] ERROR: refused dsm.error=\"401 invalid jwt\"\n"
	if got := b.String(); got != want {
		t.Errorf("log =\n%s\nwant\n%s", got, want)
	}
}
