package backoff

import (
	"context"
	"errors"
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
