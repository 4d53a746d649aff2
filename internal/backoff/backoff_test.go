package backoff

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

func TestWaitIsCappedWithJitter(t *testing.T) {
	t.Parallel()
	lo, hi := 200*time.Millisecond, 5*time.Second
	for n := range 70 {
		ceil := hi
		if n < 30 {
			ceil = min(lo<<n, hi)
		}

		d := Wait(lo, hi, n)
		if d < ceil/2 || d > ceil {
			t.Fatalf("Wait(%v, %v, %d) = %v, outside [%v, %v]", lo, hi, n, d, ceil/2, ceil)
		}
	}
}

func TestWaitGrows(t *testing.T) {
	t.Parallel()
	lo, hi := time.Second, time.Hour
	if a, b := Wait(lo, hi, 0), Wait(lo, hi, 4); b <= a {
		t.Errorf("Wait for retry 4 (%v) is not longer than for retry 0 (%v)", b, a)
	}
}

// TestWaitDoesNotOverflow: lo doubled n times may pass the int64 range
// and wrap to a small positive value; the wait must still be hi.
func TestWaitDoesNotOverflow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lo, hi time.Duration
		n      int
	}{
		{1<<40 + 1, time.Hour, 29},
		{1<<40 + 1, math.MaxInt64, 29},
		{time.Second, time.Hour, 1 << 40},
		{time.Hour, 2 * time.Hour, 62},
	}
	for _, tt := range tests {
		if d := Wait(tt.lo, tt.hi, tt.n); d < tt.hi/2 || d > tt.hi {
			t.Errorf("Wait(%v, %v, %d) = %v, want within [%v, %v]", tt.lo, tt.hi, tt.n, d, tt.hi/2, tt.hi)
		}
	}

	if d := Wait(time.Second, time.Hour, -1); d < time.Second/2 || d > time.Second {
		t.Errorf("Wait for retry -1 = %v, want the first wait", d)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"5", 5 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"-3", 0, true},
		{"Mon, 06 May 2024 09:00:30 GMT", 30 * time.Second, true},
		{"Mon, 06 May 2024 08:00:00 GMT", 0, true},
		{"soon", 0, false},
		{"", 0, false},
		{"9223372036", 9223372036 * time.Second, true},
		{"18446744074", math.MaxInt64, true},
		{"99999999999999999999999", math.MaxInt64, true},
		{"-99999999999999999999999", 0, true},
	}
	for _, tt := range tests {
		got, ok := RetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestSleepEndsWithContext(t *testing.T) {
	t.Parallel()
	if err := Sleep(t.Context(), time.Millisecond); err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, d := range []time.Duration{0, time.Hour} {
		if err := Sleep(ctx, d); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep(cancelled, %v) = %v, want context.Canceled", d, err)
		}
	}
}
