// Package backoff holds the retry timing that the ome and dsm clients share:
// capped exponential waits with jitter, the Retry-After header, and a sleep
// that ends with its context. The clients keep their own rules for what to
// retry; only the timing lives here.
package backoff

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Wait is the wait before retry n (0-based): lo doubled n times, capped at
// hi, then jittered into its upper half so that many clients do not retry
// in step.
func Wait(lo, hi time.Duration, n int) time.Duration {
	d := hi
	if n < 30 && lo<<n > 0 {
		d = min(lo<<n, hi)
	}

	if d <= 1 {
		return d
	}

	half := d / 2
	return half + rand.N(d-half+1)
}

// RetryAfter reads a Retry-After value, given as delay-seconds or as an
// HTTP date relative to now. A date in the past or a negative delay is 0.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}

	if secs, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(secs, 0)) * time.Second, true
	}

	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// Sleep waits for d or until ctx is done, whichever comes first, and
// returns ctx's error in the second case.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}

	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
