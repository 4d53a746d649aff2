package ome

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/dsmtools/omesync/internal/backoff"
	"github.com/dsmtools/omesync/internal/urlcheck"
)

// Version is the version of this package, sent in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent sent unless WithUserAgent replaces it.
const DefaultUserAgent = "omesync/" + Version + " (+github.com/dsmtools/omesync)"

const (
	defaultPageSize = 100
	defaultMaxPages = 10000
	defaultTimeout  = 30 * time.Second
)

// Client talks to one OME appliance with one session. It is safe for
// concurrent use; the session is opened on first use and shared.
type Client struct {
	// Devices lists and reads devices.
	Devices *DevicesService
	// Inventory reads device inventory.
	Inventory *InventoryService
	// Groups lists groups and their devices.
	Groups *GroupsService

	base      *url.URL
	hc        *http.Client
	auth      *credentials
	limiter   *rate.Limiter
	retry     RetryPolicy
	userAgent string
	plainHTTP bool
	pageSize  int
	maxPages  int
	sleep     func(ctx context.Context, d time.Duration) error
	requests  atomic.Int64

	// lock is a 1-slot semaphore that serialises logins and logouts;
	// waiting for it ends with the waiter's context. sess is read
	// without it.
	lock chan struct{}
	sess atomic.Pointer[session]
	// refused is the error of a login OME refused, returned by later
	// calls until Login or Logout; guarded by lock.
	refused error
	// closed is set by Close before it waits for lock; a login that
	// finds it set once it has a session logs that session out again.
	closed atomic.Bool
}

// credentials are kept behind a pointer so that printing a Client with
// %+v shows an address, not the password.
type credentials struct {
	username string
	password string
	basic    bool
}

// NewClient returns a client for the appliance at baseURL (https://host[:port]).
// It does no I/O: the session is opened by the first call that needs it.
// A path after the host is a reverse-proxy prefix put before every API
// path; a trailing /api (or /api/) is trimmed, so the path is not doubled.
// A plain http URL is refused unless WithInsecureHTTP is given, as is a
// port outside 1..65535. A nil Option is ignored.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:      base,
		hc:        &http.Client{Timeout: defaultTimeout, Transport: defaultTransport()},
		auth:      &credentials{},
		userAgent: DefaultUserAgent,
		pageSize:  defaultPageSize,
		maxPages:  defaultMaxPages,
		sleep:     backoff.Sleep,
		lock:      make(chan struct{}, 1),
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}

		if err := opt(c); err != nil {
			return nil, err
		}
	}

	if base.Scheme == "http" && !c.plainHTTP {
		return nil, fmt.Errorf("ome: base URL %q is plain http, so the password and the "+
			"session token would travel in clear text: use https, or WithInsecureHTTP "+
			"for a test server or a plain-HTTP lab proxy", base.Redacted())
	}

	c.hc.CheckRedirect = keepTokenOnHost(c.hc.CheckRedirect)
	c.Devices = &DevicesService{c: c}
	c.Inventory = &InventoryService{c: c}
	c.Groups = &GroupsService{c: c}
	return c, nil
}

// parseBaseURL checks that raw is an absolute http(s) URL with a valid
// port and without query; NewClient decides whether http is allowed. No
// error repeats user info, a query or a fragment, where a password may
// have been pasted.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("ome: base URL is not a URL (%w): it must look like "+
			"https://host[:port]", urlcheck.Cause(err))
	}

	shown := urlcheck.Shown(u)
	if (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return nil, fmt.Errorf("ome: base URL %q must look like https://host[:port]", shown)
	}

	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("ome: base URL %q: port %q is not a number from 1 to 65535",
				shown, p)
		}
	}

	if u.User != nil || urlcheck.HasQuery(u) {
		return nil, fmt.Errorf("ome: base URL %q must not carry user info, a query or a "+
			"fragment (not shown here): the credentials go in WithCredentials", shown)
	}

	u.Path = trimAPIPath(u.Path)
	u.RawPath = ""
	return u, nil
}

// trimAPIPath removes a trailing slash and then a trailing /api (in any
// case) from a base path: every API path starts with /api, so a base URL
// pasted with it would double it. What remains is a reverse-proxy prefix.
func trimAPIPath(p string) string {
	p = strings.TrimSuffix(p, "/")
	if n := len(p) - len("/api"); n >= 0 && strings.EqualFold(p[n:], "/api") {
		p = p[:n]
	}

	return p
}

// redirectPolicy is the type of http.Client.CheckRedirect.
type redirectPolicy = func(req *http.Request, via []*http.Request) error

// keepTokenOnHost wraps a redirect policy so that the session token and
// Basic credentials are forwarded only to the origin (scheme, host and
// port) of the first request: not to another host or port, and never
// from https down to http on the same host. It refuses a redirect from
// https to http, and one that leaves the origin for a request that is not
// a GET or HEAD or that has a body, which Go would send again on a 307 or
// 308 (the login's body holds the password).
func keepTokenOnHost(next redirectPolicy) redirectPolicy {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 {
			if err := checkRedirect(req, via[0]); err != nil {
				return err
			}
		}

		if next != nil {
			return next(req, via)
		}

		if len(via) >= 10 {
			return errors.New("ome: stopped after 10 redirects")
		}
		return nil
	}
}

// checkRedirect refuses a downgrade to http and a request with a body or
// side effects leaving first's origin; a GET or HEAD that leaves it loses
// its credentials instead.
func checkRedirect(req, first *http.Request) error {
	if sameOrigin(req.URL, first.URL) {
		return nil
	}

	to := req.URL.Scheme + "://" + req.URL.Host
	switch {
	case strings.EqualFold(first.URL.Scheme, "https") && strings.EqualFold(req.URL.Scheme, "http"):
		return &redirectError{to: to, reason: "it leaves https for plain http; " +
			"use the https URL the appliance answers on as the base URL"}
	case !safeMethod(first.Method) || hasBody(first) || hasBody(req):
		return &redirectError{to: to, reason: "a " + first.Method + " request " +
			"(a login carries the password) is sent only to the base URL's origin; " +
			"use the URL the redirect points at as the base URL, or remove the redirect"}
	}

	req.Header.Del(headerAuthToken)
	req.Header.Del("Authorization")
	return nil
}

// safeMethod reports whether method is GET or HEAD.
func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// hasBody reports whether r carries, or could resend, a body.
func hasBody(r *http.Request) bool {
	return r.GetBody != nil || (r.Body != nil && r.Body != http.NoBody) || r.ContentLength > 0
}

// sameOrigin reports whether a and b have the same scheme, host and port,
// an absent port counting as the scheme's default.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

// portOf returns u's port, or the default port of its scheme.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}

	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// Requests returns how many HTTP requests the client has sent, retries and
// logins included; 0 for a nil Client.
func (c *Client) Requests() int64 {
	if c == nil {
		return 0
	}

	return c.requests.Load()
}

// ready returns an error matching ErrNotConfigured, naming what was
// asked, for a Client that NewClient did not make (nil or zero): it has
// no base URL, transport or session lock to work with.
func (c *Client) ready(what string) error {
	if c != nil && c.base != nil && c.lock != nil {
		return nil
	}

	return fmt.Errorf("%w: %s: nothing was sent; make the Client with ome.NewClient",
		ErrNotConfigured, what)
}

// failedSeq is a sequence of one pair that carries err.
func failedSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
