package dsm

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Default retry settings, used where a RetryPolicy field is zero.
const (
	DefaultMaxRetries = 4
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second
)

// RetryPolicy bounds retries of 500, 503 and 504 and of transport errors.
// A 500 is retried once; 503, 504 and transport errors up to MaxRetries
// times, waiting MinBackoff·2ⁿ (capped at MaxBackoff, with jitter) between
// tries. The zero value means the defaults; a negative MaxRetries turns
// retries off.
type RetryPolicy struct {
	MaxRetries int
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

// withDefaults fills the zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = DefaultMaxRetries
	}

	if p.MinBackoff == 0 {
		p.MinBackoff = DefaultMinBackoff
	}

	if p.MaxBackoff == 0 {
		p.MaxBackoff = DefaultMaxBackoff
	}

	if p.MaxBackoff < p.MinBackoff {
		p.MaxBackoff = p.MinBackoff
	}

	return p
}

// backoff is the wait before retry n (0-based): exponential, capped, and
// jittered into [d/2, d] so that many clients do not retry in step.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.MinBackoff
	for i := 0; i < n && d < p.MaxBackoff; i++ {
		d *= 2
	}

	d = min(d, p.MaxBackoff)
	if d <= 1 {
		return d
	}

	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After header given in seconds, capped at max.
func retryAfter(h http.Header, maxWait time.Duration) (time.Duration, bool) {
	secs, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || secs < 0 {
		return 0, false
	}

	return min(time.Duration(secs)*time.Second, maxWait), true
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
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
