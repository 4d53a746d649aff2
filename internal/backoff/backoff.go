// Package backoff holds the retry timing that the ome and dsm clients share:
// capped exponential waits with jitter, the Retry-After header, and a sleep
// that ends with its context. The clients keep their own rules for what to
// retry; only the timing lives here.
package backoff

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxSeconds is the largest number of seconds a time.Duration holds.
const maxSeconds = int64(math.MaxInt64 / time.Second)

// Wait is the wait before retry n (0-based): lo doubled n times, capped at
// hi, then jittered into its upper half so that many clients do not retry
// in step. A negative n counts as 0.
func Wait(lo, hi time.Duration, n int) time.Duration {
	d := grow(lo, hi, n)
	if d <= 1 {
		return d
	}

	half := d / 2
	return half + rand.N(d-half+1)
}

// grow doubles lo n times, capped at hi, without overflowing: it stops
// doubling once the next step would pass hi. A non-positive lo gives hi.
func grow(lo, hi time.Duration, n int) time.Duration {
	if lo <= 0 || lo >= hi {
		return hi
	}

	for range n {
		if lo > hi/2 {
			return hi
		}
		lo *= 2
	}
	return lo
}

// RetryAfter reads a Retry-After value, given as delay-seconds or as an
// HTTP date relative to now. A date in the past or a negative delay is 0;
// a delay too long for a time.Duration reads as the longest one, so that
// it stays above any cap the caller sets.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}

	if d, ok := delaySeconds(v); ok {
		return d, true
	}

	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// delaySeconds reads an integer number of seconds, clamped to [0, the
// longest time.Duration]; false when v is not an integer.
func delaySeconds(v string) (time.Duration, bool) {
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}

	// Out of range, ParseInt gives the nearest int64, which the cases
	// below clamp like any other large value.
	switch {
	case secs <= 0:
		return 0, true
	case secs > maxSeconds:
		return math.MaxInt64, true
	}
	return time.Duration(secs) * time.Second, true
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
