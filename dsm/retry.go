package dsm

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dsmtools/omesync/internal/backoff"
)

// Default retry settings, used where a RetryPolicy field is zero.
const (
	DefaultMaxRetries = 4
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second

	// DefaultMaxRetryAfter is the longest Retry-After a client waits
	// unless RetryPolicy.MaxRetryAfter says otherwise.
	DefaultMaxRetryAfter = 2 * time.Minute
)

// RetryPolicy bounds retries of 500, 503 and 504 and of transport errors.
// A 500 is retried once; 503, 504 and transport errors up to MaxRetries
// times, waiting MinBackoff·2ⁿ (capped at MaxBackoff, with jitter) between
// tries. A 503 or 504 with a Retry-After header is retried after exactly
// that wait, which MaxBackoff does not cap; when the server asks for more
// than MaxRetryAfter the call is not retried and ends with the answer's
// error, which says so. The zero value means the defaults; a negative
// MaxRetries turns retries off.
//
// Each field that is zero takes its default on its own, so a policy that
// sets only some fields keeps the defaults of the others:
// RetryPolicy{MaxRetries: 1} keeps the waits from 500ms doubling up to
// 10s and the 2 minute Retry-After cap. After the defaults, a MaxBackoff
// below MinBackoff is raised to it: RetryPolicy{MinBackoff: 30 *
// time.Second} waits 15s to 30s before every retry, as the default
// MaxBackoff (10s) is below it. Each wait is a random time between half
// and all of MinBackoff·2ⁿ capped at MaxBackoff (n counts the retries
// before it). WithRetry refuses a negative duration.
type RetryPolicy struct {
	// MaxRetries is how many times a 503, 504 or transport error is
	// retried; 0 means DefaultMaxRetries (4), a negative value no retry
	// at all, not even the one of a 500.
	MaxRetries int
	// MinBackoff is the first wait, doubled for each later retry; 0
	// means DefaultMinBackoff (500ms).
	MinBackoff time.Duration
	// MaxBackoff caps the doubled waits, not a Retry-After; 0 means
	// DefaultMaxBackoff (10s).
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After waited for; 0 means
	// DefaultMaxRetryAfter (2 minutes).
	MaxRetryAfter time.Duration
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

	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
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

// retryAfter reads a Retry-After header (seconds or an HTTP date). A
// number of seconds too large for a time.Duration reads as the largest
// one, so that it is always more than any MaxRetryAfter.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	secs, err := strconv.ParseInt(v, 10, 64)
	tooBig := err == nil && secs > int64(math.MaxInt64/time.Second)
	if tooBig || (errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-")) {
		return math.MaxInt64
	}

	d, _ := backoff.RetryAfter(v, time.Now())

	return d
}
