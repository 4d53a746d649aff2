// Package pace sets the simulators' answer time: a response goes out no
// sooner than a set time after its request arrived. The simulator's own
// work happens inside that time instead of adding to it, so that a
// benchmark's bound (requests × latency ÷ concurrency) measures the
// client, not the simulator sharing its machine.
package pace

import (
	"context"
	"net/http"
	"time"
)

// Writer holds back a response until its answer time.
type Writer struct {
	http.ResponseWriter
	ctx    context.Context
	until  time.Time
	waited bool
	gone   bool
}

// Hold wraps w so that nothing of the response to r goes out before d
// has passed from now. A d of 0 or less holds nothing back.
func Hold(w http.ResponseWriter, r *http.Request, d time.Duration) *Writer {
	return &Writer{ResponseWriter: w, ctx: r.Context(), until: time.Now().Add(d)}
}

// Wait blocks until the answer time, once. It reports false when the
// request's context ended first.
func (w *Writer) Wait() bool {
	if w.waited {
		return !w.gone
	}

	w.waited = true
	d := time.Until(w.until)
	if d <= 0 {
		return true
	}

	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-t.C:
	case <-w.ctx.Done():
		w.gone = true
	}

	return !w.gone
}

// WriteHeader waits for the answer time, then sends the status.
func (w *Writer) WriteHeader(code int) {
	if w.Wait() {
		w.ResponseWriter.WriteHeader(code)
	}
}

// Write waits for the answer time, then sends b.
func (w *Writer) Write(b []byte) (int, error) {
	if !w.Wait() {
		return 0, w.ctx.Err()
	}

	return w.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the wrapped writer.
func (w *Writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
