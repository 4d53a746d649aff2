package ome

import (
	"errors"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Option configures a Client.
type Option func(*Client) error

// RetryPolicy bounds retries of idempotent requests (GET and DELETE) after
// transport errors and HTTP 429, 502, 503 and 504 (never after
// ErrCertificate, ErrBodyTooLarge or ErrRedirect, which would recur). Its
// zero value means the defaults: 3 retries, backoff from 200ms doubling up
// to 5s, with jitter. A negative MaxRetries turns retries off.
//
// A Retry-After header (seconds or an HTTP date) replaces the backoff for
// that wait, also beyond MaxBackoff, up to a fixed cap of 2 minutes: a
// longer Retry-After ends the retries at once and the response's error
// (ErrRateLimited or ErrServer) is returned, instead of blocking the
// caller for as long as the server asks.
type RetryPolicy struct {
	// MaxRetries is how many times a request is sent again after the
	// first attempt; 0 means 3, a negative value none.
	MaxRetries int
	// MinBackoff is the first wait; 0 means 200ms.
	MinBackoff time.Duration
	// MaxBackoff caps the doubling waits; 0 means 5s. It does not cap a
	// Retry-After.
	MaxBackoff time.Duration
}

// withDefaults fills the zero fields of p.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = 3
	}

	if p.MinBackoff <= 0 {
		p.MinBackoff = 200 * time.Millisecond
	}

	if p.MaxBackoff <= 0 {
		p.MaxBackoff = 5 * time.Second
	}

	if p.MaxBackoff < p.MinBackoff {
		p.MaxBackoff = p.MinBackoff
	}
	return p
}

// WithCredentials sets the user name and password used to log in. The
// password is only ever sent in the JSON body of the login request (or in
// the Authorization header with WithBasicAuth).
func WithCredentials(username, password string) Option {
	return func(c *Client) error {
		if username == "" {
			return errors.New("ome: WithCredentials needs a user name")
		}

		c.auth.username = username
		c.auth.password = password
		return nil
	}
}

// WithBasicAuth sends HTTP Basic credentials on every request instead of
// opening a session. OME accepts this for local users only.
func WithBasicAuth() Option {
	return func(c *Client) error {
		c.auth.basic = true
		return nil
	}
}

// WithHTTPClient uses a copy of hc for every request (TLS settings, timeout,
// proxy). The caller's client and transport are never changed.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("ome: WithHTTPClient needs a non-nil client")
		}

		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithInsecureHTTP allows a plain http:// base URL, over which the
// password and the session token travel in clear text. It is meant for
// test servers and plain-HTTP lab proxies only; NewClient refuses http
// without it. It changes nothing for an https URL.
func WithInsecureHTTP() Option {
	return func(c *Client) error {
		c.plainHTTP = true
		return nil
	}
}

// WithRateLimiter waits on l before every request, retries and logins included.
func WithRateLimiter(l *rate.Limiter) Option {
	return func(c *Client) error {
		c.limiter = l
		return nil
	}
}

// WithRetry sets the retry policy; zero fields take the defaults.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		c.retry = p
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if ua == "" {
			return errors.New("ome: WithUserAgent needs a non-empty value")
		}

		c.userAgent = ua
		return nil
	}
}

// WithPageSize sets $top for listings (default 100).
func WithPageSize(n int) Option {
	return func(c *Client) error {
		if n <= 0 {
			return errors.New("ome: WithPageSize needs a positive size")
		}

		c.pageSize = n
		return nil
	}
}

// WithMaxPages caps the pages one listing may read (default 10000). A
// listing that reaches the cap ends with an error wrapping ErrIncompleteListing.
func WithMaxPages(n int) Option {
	return func(c *Client) error {
		if n <= 0 {
			return errors.New("ome: WithMaxPages needs a positive count")
		}

		c.maxPages = n
		return nil
	}
}
