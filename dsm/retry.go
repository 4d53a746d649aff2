package dsm

import (
	"net/http"
	"time"

	"github.com/dsmtools/omesync/internal/backoff"
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
// jittered.
func (p RetryPolicy) backoff(n int) time.Duration {
	return backoff.Wait(p.MinBackoff, p.MaxBackoff, n)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped
// at maxWait.
func retryAfter(h http.Header, maxWait time.Duration) (time.Duration, bool) {
	d, ok := backoff.RetryAfter(h.Get("Retry-After"), time.Now())
	return min(d, maxWait), ok
}
