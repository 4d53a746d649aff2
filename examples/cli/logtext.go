package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// textHandler writes one line per record in the format cron users already
// read: "[2025-11-06 14:30:03] Retrieved 45 devices", then the attributes
// as key=value. Warnings and errors say so after the time.
type textHandler struct {
	mu      *sync.Mutex
	w       io.Writer
	level   slog.Leveler
	now     func() time.Time
	replace func([]string, slog.Attr) slog.Attr
	prefix  string // attributes added with WithAttrs, already rendered
	group   string // group prefix for later keys
}

func newTextHandler(w io.Writer, level slog.Leveler, replace func([]string, slog.Attr) slog.Attr) *textHandler {
	return &textHandler{mu: &sync.Mutex{}, w: w, level: level, now: time.Now, replace: replace}
}

// Enabled implements slog.Handler.
func (h *textHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// Handle implements slog.Handler.
func (h *textHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] ", h.now().Format(time.DateTime))
	if r.Level >= slog.LevelWarn {
		b.WriteString(r.Level.String() + ": ")
	}

	b.WriteString(r.Message)
	b.WriteString(h.prefix)
	r.Attrs(func(a slog.Attr) bool {
		h.appendAttr(&b, h.group, a)

		return true
	})
	b.WriteByte('\n')

	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())

	return err
}

func (h *textHandler) appendAttr(b *strings.Builder, group string, a slog.Attr) {
	a = h.replace(nil, a)
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return
	}

	if a.Value.Kind() == slog.KindGroup {
		for _, ga := range a.Value.Group() {
			h.appendAttr(b, group+a.Key+".", ga)
		}

		return
	}

	fmt.Fprintf(b, " %s%s=%s", group, a.Key, quoteIfNeeded(a.Value.String()))
}

func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"=") {
		return fmt.Sprintf("%q", s)
	}

	return s
}

// WithAttrs implements slog.Handler.
func (h *textHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	for _, a := range attrs {
		h.appendAttr(&b, h.group, a)
	}

	h2 := *h
	h2.prefix += b.String()

	return &h2
}

// WithGroup implements slog.Handler.
func (h *textHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}

	h2 := *h
	h2.group += name + "."

	return &h2
}
