package ome

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/dsmtools/omesync/internal/backoff"
)

// maxRetryAfter is the longest Retry-After the client waits for; a longer
// one ends the retries. RetryPolicy and the package manual name it.
const maxRetryAfter = 2 * time.Minute

// sendWithRetry sends r, retrying idempotent calls after transport errors
// and retryable statuses with capped, jittered exponential backoff.
func (c *Client) sendWithRetry(ctx context.Context, r *call, token string) (*response, error) {
	p := c.retry.withDefaults()
	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, r, token)
		if !c.shouldRetry(ctx, r, resp, err) || attempt >= p.MaxRetries {
			return resp, err
		}

		wait, ok := retryWait(p, attempt, resp)
		if !ok {
			return resp, err
		}

		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, errors.Join(serr, err)
		}
	}
}

// shouldRetry reports whether a failed attempt is worth repeating.
func (c *Client) shouldRetry(ctx context.Context, r *call, resp *response, err error) bool {
	if !r.idempotent() || ctx.Err() != nil {
		return false
	}

	if err != nil {
		return !permanent(err)
	}
	return retryableStatus(resp.status)
}

// permanent reports whether a failed attempt would fail the same way
// again: a certificate that does not verify, a body beyond the cap, a
// refused redirect.
func permanent(err error) bool {
	return isTLSError(err) || errors.Is(err, ErrBodyTooLarge) || errors.Is(err, ErrRedirect)
}

// retryableStatus lists the statuses that usually pass.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryWait returns how long to wait before the next attempt; false when
// the server asks for a wait longer than maxRetryAfter.
func retryWait(p RetryPolicy, attempt int, resp *response) (time.Duration, bool) {
	if resp != nil {
		if d, ok := backoff.RetryAfter(resp.header.Get("Retry-After"), time.Now()); ok {
			return d, d <= maxRetryAfter
		}
	}
	return backoff.Wait(p.MinBackoff, p.MaxBackoff, attempt), true
}
