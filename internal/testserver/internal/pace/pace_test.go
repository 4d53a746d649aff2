package pace

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWorkHappensWithinTheAnswerTime(t *testing.T) {
	t.Parallel()

	const d = 40 * time.Millisecond
	rec := httptest.NewRecorder()
	start := time.Now()
	w := Hold(rec, httptest.NewRequest(http.MethodGet, "/", nil), d)

	time.Sleep(d / 2) // the simulator's own work
	_, _ = w.Write([]byte("ok"))
	took := time.Since(start)

	if took < d {
		t.Errorf("answer went out after %v, want at least %v", took, d)
	}

	if took >= d+d/2 {
		t.Errorf("answer went out after %v: the work was added to %v, not done within it", took, d)
	}

	if rec.Body.String() != "ok" {
		t.Errorf("body = %q, want ok", rec.Body.String())
	}
}

func TestWaitEndsWithTheRequest(t *testing.T) {
	t.Parallel()

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	w := Hold(rec, r, time.Hour)

	if w.Wait() {
		t.Fatal("Wait = true after the request's context ended")
	}

	if _, err := w.Write([]byte("late")); err == nil {
		t.Error("Write after the client left returned no error")
	}

	if rec.Body.Len() != 0 {
		t.Errorf("body = %q, want nothing written", rec.Body.String())
	}
}
