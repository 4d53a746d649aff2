package main

import (
	"context"
	"fmt"
	"log/slog"
)

// listingFinished is the engine's log message when the source has listed
// every device; its "devices" attribute holds how many.
const listingFinished = "listing finished"

// listingHandler words the engine's "listing finished" record as the
// earlier script did, "Retrieved N devices from OpenManage Enterprise",
// at the moment the listing ends, with its other counts when they are not
// zero. Other records pass unchanged.
type listingHandler struct {
	slog.Handler
}

// Handle implements slog.Handler.
func (h listingHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message != listingFinished {
		return h.Handler.Handle(ctx, r)
	}

	out := slog.NewRecord(r.Time, r.Level, "", r.PC)
	r.Attrs(func(a slog.Attr) bool {
		switch {
		case a.Key == "devices":
			out.Message = fmt.Sprintf("Retrieved %d devices from OpenManage Enterprise", a.Value.Int64())
		case !isZeroCount(a.Value):
			out.AddAttrs(a)
		}

		return true
	})

	if out.Message == "" {
		return h.Handler.Handle(ctx, r)
	}

	return h.Handler.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h listingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return listingHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup implements slog.Handler.
func (h listingHandler) WithGroup(name string) slog.Handler {
	return listingHandler{h.Handler.WithGroup(name)}
}

// isZeroCount reports whether v is a number 0.
func isZeroCount(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindInt64:
		return v.Int64() == 0
	case slog.KindUint64:
		return v.Uint64() == 0
	}

	return false
}
