package dsm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dsmtools/omesync/internal/backoff"
)

// SyncPath is the path of the openmanage-sync edge function below the
// project URL.
const SyncPath = "/functions/v1/openmanage-sync"

// DefaultBatchSize is how many records one request carries unless
// WithBatchSize says otherwise. The function may use 2 s of CPU per
// request; each record costs an upsert and a vCenter lookup, so 100 keeps a
// request far below that limit while 1,000 servers still take only 10
// requests. A batch that hits the limit anyway is split (see Sync).
const DefaultBatchSize = 100

// MaxBatchSize is the largest batch WithBatchSize accepts: a few hundred
// records, the most DSM's API notes advise per request. What bounds a
// request is the function's CPU limit of 2 s, as each record costs an
// upsert and a vCenter lookup. The payload does not: no request size
// limit is documented, and a record is a few hundred bytes of JSON, so
// 500 records are some 150 KB. A batch that hits the limit all the same
// is split (see Sync), at the cost of the requests spent on the halves.
const MaxBatchSize = 500

// DefaultTimeout bounds one HTTP exchange of the default HTTP client: longer
// than the 150 s after which the gateway answers 504 itself.
const DefaultTimeout = 3 * time.Minute

// Version is the version of this package, sent in the default
// User-Agent. It is the module's version, as ome.Version is.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent sent unless WithUserAgent says
// otherwise. It names the package and its Version.
const DefaultUserAgent = "omesync-dsm/" + Version + " (+https://github.com/dsmtools/omesync)"

// Client posts server records to DSM's openmanage-sync function. It is
// safe for concurrent use.
type Client struct {
	base      *url.URL
	endpoint  string
	hc        *http.Client
	ts        TokenSource
	apiKey    secret
	batchSize int
	retry     RetryPolicy
	userAgent string
	plainHTTP bool
	requests  atomic.Int64

	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// Option configures a Client.
type Option func(*Client) error

// NewClient returns a client for the DSM project at baseURL (for example
// https://abcd.supabase.co). It does no I/O. A nil Option is ignored. A
// URL that ends in the function's path, /functions/v1 or
// /functions/v1/openmanage-sync (as users often paste it), is trimmed to
// the project URL; one whose path points at another Supabase service
// (/rest/v1, /auth/v1, ...) is refused with the project URL to use, and
// so is one with user info, a query or a fragment, which the error does
// not repeat. A plain http URL is refused, since the token and the
// password would travel in clear text, unless its host is loopback
// (localhost, 127.0.0.0/8, ::1: Supabase's local stack serves
// http://127.0.0.1:54321) or WithInsecureHTTP is given.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:      base,
		endpoint:  base.JoinPath(SyncPath).String(),
		hc:        &http.Client{Timeout: DefaultTimeout},
		batchSize: DefaultBatchSize,
		userAgent: DefaultUserAgent,
		sleep:     backoff.Sleep,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}

		if err := opt(c); err != nil {
			return nil, err
		}
	}

	if base.Scheme == "http" && !c.plainHTTP && !isLoopback(base.Hostname()) {
		return nil, fmt.Errorf("dsm: base url %s is plain http, so the access token and the "+
			"password would travel in clear text: use https, or WithInsecureHTTP for a test "+
			"server or a plain-http proxy you trust", base.Redacted())
	}

	return c, nil
}

// isLoopback reports whether host names this machine: localhost or a
// loopback address (127.0.0.0/8, ::1).
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}

	ip, err := netip.ParseAddr(host)

	return err == nil && ip.Unmap().IsLoopback()
}

// WithHTTPClient uses a copy of hc for every request; the caller's client
// is never changed. The token sources take this option too.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("dsm: WithHTTPClient needs a non-nil client")
		}

		cp := *hc
		c.hc = &cp

		return nil
	}
}

// WithInsecureHTTP allows a plain http:// base URL whose host is not
// loopback, over which the access token and the password travel in clear
// text. It is meant for test servers and trusted plain-http proxies only;
// it changes nothing for https or a loopback host. The token sources take
// this option too.
func WithInsecureHTTP() Option {
	return func(c *Client) error {
		c.plainHTTP = true
		return nil
	}
}

// WithTokenSource sets where access tokens come from. Without one no
// Authorization header is sent and the gateway answers 401.
func WithTokenSource(ts TokenSource) Option {
	return func(c *Client) error {
		if ts == nil {
			return errors.New("dsm: WithTokenSource needs a non-nil source")
		}

		c.ts = ts

		return nil
	}
}

// WithAPIKey sends the project's publishable (anon) key as the apikey header.
func WithAPIKey(key string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("dsm: WithAPIKey needs a non-empty key")
		}

		c.apiKey = newSecret(strings.TrimSpace(key))

		return nil
	}
}

// WithBatchSize sets how many records one request carries, from 1 to
// MaxBatchSize. The default is DefaultBatchSize.
func WithBatchSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > MaxBatchSize {
			return fmt.Errorf("dsm: batch size %d is outside 1..%d", n, MaxBatchSize)
		}

		c.batchSize = n

		return nil
	}
}

// WithRetry sets the retry policy; its zero fields take the defaults.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0 {
			return errors.New("dsm: retry backoff and MaxRetryAfter must not be negative")
		}

		c.retry = p

		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("dsm: WithUserAgent needs a non-empty value")
		}

		c.userAgent = ua

		return nil
	}
}

// String names the endpoint without the api key.
func (c *Client) String() string {
	return "dsm.Client{endpoint: " + c.endpoint + ", apikey: " + redacted + "}"
}

// GoString is String, so that %#v hides the api key too.
func (c *Client) GoString() string { return c.String() }

// Requests returns how many HTTP requests the client has sent to the sync
// function (auth calls are not counted); 0 for a nil Client.
func (c *Client) Requests() int64 {
	if c == nil {
		return 0
	}

	return c.requests.Load()
}

// ready returns an error matching ErrNotConfigured, naming what was
// asked, for a Client that NewClient did not make (nil or zero): it has
// no endpoint, HTTP client or batch size to work with.
func (c *Client) ready(what string) error {
	if c != nil && c.hc != nil && c.endpoint != "" && c.batchSize > 0 {
		return nil
	}

	return fmt.Errorf("%w: %s on a Client not made by NewClient: nothing was sent; "+
		"make it with dsm.NewClient", ErrNotConfigured, what)
}

// CheckToken asks the token source for a token without calling the
// function, so that a run can fail before any other work when the token
// has expired (ErrTokenExpired) or a sign-in is refused. It may sign in.
//
// POST /auth/v1/token (renewing sources only)
func (c *Client) CheckToken(ctx context.Context) error {
	if err := c.ready("CheckToken"); err != nil {
		return err
	}

	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dsm: token not checked, as the context has ended: %w", err)
	}

	if c.ts == nil {
		return fmt.Errorf("%w: %s", ErrUnauthorized, hintNoSource)
	}

	if _, err := c.ts.Token(ctx); err != nil {
		return &tokenError{err: err}
	}

	return nil
}
