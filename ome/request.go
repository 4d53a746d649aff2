package ome

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const (
	headerAuthToken = "X-Auth-Token"
	maxSuccessBody  = 8 << 20
	maxErrorBody    = 64 << 10
)

// call is one logical request: it may be sent several times.
type call struct {
	method string
	url    *url.URL
	body   []byte
	// public calls (login) carry no session token.
	public bool
}

// response is a fully read HTTP response.
type response struct {
	status int
	header http.Header
	body   []byte
	// token is the session token the request carried, to keep it out of errors.
	token string
	// redirectedTo is the scheme and host that answered when a redirect
	// led away from the request's origin; "" when the appliance answered.
	redirectedTo string
}

// idempotent reports whether the call may be replayed safely.
func (r *call) idempotent() bool {
	return r.method == http.MethodGet || r.method == http.MethodDelete
}

// endpoint returns the absolute URL of an API path (already escaped, with
// OData keys such as Devices(1) or Sessions('id') kept literal) under the
// base URL.
func (c *Client) endpoint(escapedPath, rawQuery string) *url.URL {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + escapedPath
	u.Path, _ = url.PathUnescape(u.RawPath)
	u.RawQuery = rawQuery
	return &u
}

// getJSON sends an authenticated GET and decodes the JSON body into v.
func (c *Client) getJSON(ctx context.Context, path, rawQuery string, v any) error {
	r := &call{method: http.MethodGet, url: c.endpoint(path, rawQuery)}
	return c.doJSON(ctx, r, v)
}

// doJSON sends r with the session and decodes a 2xx JSON body into v.
func (c *Client) doJSON(ctx context.Context, r *call, v any) error {
	resp, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	return c.decode(r, resp, v)
}

// do sends r with the session, logging in first and once more after a 401.
// It returns an *APIError for any non-2xx status.
func (c *Client) do(ctx context.Context, r *call) (*response, error) {
	if err := c.checkOpen(r.method + " " + r.url.Path); err != nil {
		return nil, err
	}

	s, err := c.sessionFor(ctx, r)
	if err != nil {
		return nil, err
	}

	resp, err := c.sendWithRetry(ctx, r, s.authToken())
	if err != nil {
		return nil, err
	}

	if resp.status == http.StatusUnauthorized && c.mayRelogin(r) {
		if resp, err = c.replay(ctx, r, s); err != nil {
			return nil, err
		}
	}
	return resp, c.checkStatus(r, resp)
}

// sessionFor returns the session r needs, logging in when needed; nil for
// the login itself and with Basic authentication.
func (c *Client) sessionFor(ctx context.Context, r *call) (*session, error) {
	if r.public || c.auth.basic {
		return nil, nil
	}
	return c.openSession(ctx)
}

// replay logs in again and resends r once. When the new session is refused
// too, the 401 was not an expiry, so the old session is deleted (best
// effort) instead of being left open on the appliance.
func (c *Client) replay(ctx context.Context, r *call, stale *session) (*response, error) {
	fresh, err := c.relogin(ctx, stale, false)
	if err != nil {
		return nil, err
	}

	resp, err := c.sendWithRetry(ctx, r, fresh.token)
	if err == nil && resp.status == http.StatusUnauthorized && stale != nil && stale != fresh {
		_ = c.logout(ctx, stale) // the caller gets the 401; a failed cleanup adds nothing
	}
	return resp, err
}

// mayRelogin reports whether a 401 to r may be answered by a new session.
func (c *Client) mayRelogin(r *call) bool {
	return !r.public && !c.auth.basic && r.idempotent()
}

// checkStatus turns a non-2xx response into an *APIError.
func (c *Client) checkStatus(r *call, resp *response) error {
	if resp.status >= 200 && resp.status < 300 {
		return nil
	}
	return c.apiError(r, resp)
}

// apiError decodes resp's error body, with secrets removed. The excerpt
// is taken from the whole body after redaction, so that a secret cut by
// the excerpt's clip cannot show in part.
func (c *Client) apiError(r *call, resp *response) *APIError {
	ct := resp.header.Get("Content-Type")
	e := decodeAPIError(resp.status, r.method, r.url.Path, ct, resp.body)
	e.RedirectedTo = resp.redirectedTo
	clean := func(s string) string { return c.redact(s, resp.token) }
	if e.Excerpt != "" {
		e.Excerpt = excerpt([]byte(clean(string(resp.body))))
	}

	e.Code, e.Message = clean(e.Code), clean(e.Message)
	for i := range e.ExtendedInfo {
		x := &e.ExtendedInfo[i]
		x.MessageID, x.Message = clean(x.MessageID), clean(x.Message)
		x.Resolution, x.Severity = clean(x.Resolution), clean(x.Severity)
	}
	return e
}

// decode checks that a 2xx body is JSON and decodes it into v. A body that
// is JSON but does not fit v is an ErrDecode error, not ErrNotJSON.
func (c *Client) decode(r *call, resp *response, v any) error {
	ct := resp.header.Get("Content-Type")
	if !isJSONType(ct) || len(bytes.TrimSpace(resp.body)) == 0 {
		return c.apiError(r, resp)
	}

	if err := json.Unmarshal(resp.body, v); err != nil {
		if json.Valid(resp.body) {
			return fmt.Errorf("%w: %s %s%s: %w", ErrDecode, r.method, r.url.Path,
				redirectNote(resp.redirectedTo), jsonProblem(err))
		}

		e := c.apiError(r, resp)
		e.notJSON = true
		return fmt.Errorf("%w: %w", e, err)
	}
	return nil
}

// jsonError is a decode error with a shorter text that names the field.
type jsonError struct {
	msg string
	err error
}

func (e *jsonError) Error() string { return e.msg }
func (e *jsonError) Unwrap() error { return e.err }

// jsonProblem describes why valid JSON did not fit: the field path, what
// JSON came and what was expected.
func jsonProblem(err error) error {
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) {
		return err
	}

	msg := fmt.Sprintf("JSON %s where the type %s is expected", ute.Value, ute.Type)
	if ute.Field != "" {
		msg = "field " + ute.Field + ": " + msg
	}
	return &jsonError{err: err, msg: msg}
}

// send makes one HTTP attempt and reads the body through a size cap.
func (c *Client) send(ctx context.Context, r *call, token string) (*response, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ome: %s %s: %w", r.method, r.url.Path, err)
	}

	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, fmt.Errorf("ome: %s %s: rate limiter: %w", r.method, r.url.Path, err)
		}
	}

	req, err := c.newRequest(ctx, r, token)
	if err != nil {
		return nil, err
	}

	c.requests.Add(1)
	hr, err := c.hc.Do(req)
	if err != nil {
		return nil, transportError(r, err)
	}
	defer hr.Body.Close()

	resp, err := readResponse(r, hr)
	if resp != nil {
		resp.token = token
		resp.redirectedTo = otherOrigin(hr.Request, r.url)
	}
	return resp, err
}

// otherOrigin returns the scheme and host of final (the request the
// transport answered, set by http.Transport) when a redirect led it away
// from the origin of u, else "".
func otherOrigin(final *http.Request, u *url.URL) string {
	if final == nil || final.URL == nil || sameOrigin(final.URL, u) {
		return ""
	}
	return final.URL.Scheme + "://" + final.URL.Host
}

// redirectNote names the host that answered after a redirect, for messages.
func redirectNote(to string) string {
	if to == "" {
		return ""
	}
	return " (redirected to " + to + ")"
}

// newRequest builds the HTTP request for one attempt.
func (c *Client) newRequest(ctx context.Context, r *call, token string) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}

	req, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), body)
	if err != nil {
		return nil, fmt.Errorf("ome: %s %s: %w", r.method, r.url.Path, err)
	}

	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	c.authorize(req, token)
	return req, nil
}

// authorize adds the session token or the Basic credentials.
func (c *Client) authorize(req *http.Request, token string) {
	switch {
	case token != "":
		req.Header.Set(headerAuthToken, token)
	case c.auth.basic && c.auth.username != "":
		req.SetBasicAuth(c.auth.username, c.auth.password)
	}
}

// readResponse reads the body: up to 8 MiB for success, 64 KiB for errors.
func readResponse(r *call, hr *http.Response) (*response, error) {
	limit := int64(maxSuccessBody)
	if hr.StatusCode >= 300 {
		limit = maxErrorBody
	}

	body, err := io.ReadAll(io.LimitReader(hr.Body, limit+1))
	if err != nil {
		return nil, transportError(r, err)
	}

	if int64(len(body)) > limit {
		if hr.StatusCode < 300 {
			return nil, fmt.Errorf("%w: %s %s: larger than the %d-byte cap",
				ErrBodyTooLarge, r.method, r.url.Path, limit)
		}
		body = body[:limit]
	}
	return &response{status: hr.StatusCode, header: hr.Header, body: body}, nil
}

// transportError names the request without its query and unwraps *url.Error,
// whose text repeats the full URL.
func transportError(r *call, err error) error {
	note := ""
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
		note = failedOrigin(ue, r.url)
	}

	if isTLSError(err) {
		return fmt.Errorf("%w: %s %s%s: %w (check the CA bundle in your http.Client, "+
			"or turn verification off explicitly)", ErrCertificate, r.method, r.url.Path, note, err)
	}
	return fmt.Errorf("ome: %s %s%s: %w", r.method, r.url.Path, note, err)
}

// failedOrigin names the host a request failed on when a redirect had led
// it away from u's origin; "" otherwise, and for a refused redirect, whose
// message names the host already.
func failedOrigin(ue *url.Error, u *url.URL) string {
	to, err := url.Parse(ue.URL)
	if err != nil || errors.Is(ue.Err, ErrRedirect) || sameOrigin(to, u) {
		return ""
	}
	return redirectNote(to.Scheme + "://" + to.Host)
}

// isTLSError reports whether err is a certificate problem, which retrying cannot fix.
func isTLSError(err error) bool {
	var (
		verr  *tls.CertificateVerificationError
		uaerr x509.UnknownAuthorityError
		hnerr x509.HostnameError
		cierr x509.CertificateInvalidError
	)
	return errors.As(err, &verr) || errors.As(err, &uaerr) ||
		errors.As(err, &hnerr) || errors.As(err, &cierr)
}

// redact removes the password (raw and in the forms a server may echo
// it in), the open session's token and the token a request carried from
// text that came back from the server. Longer secrets go first, so that
// no part of an escaped form is left behind.
func (c *Client) redact(s, sentToken string) string {
	secrets := append(c.auth.passwordForms(), c.currentToken(), sentToken)
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// passwordForms returns the password raw, JSON-escaped (with and without
// HTML escapes, without the quotes), HTML-escaped and URL-query-escaped,
// and the base64 of "user:password" that Basic authentication sends.
func (a *credentials) passwordForms() []string {
	if a.password == "" {
		return nil
	}

	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(a.password) // a string always encodes
	js, _ := json.Marshal(a.password)
	return []string{
		a.password,
		jsonInner(js),
		jsonInner(plain.Bytes()),
		html.EscapeString(a.password),
		url.QueryEscape(a.password),
		base64.StdEncoding.EncodeToString([]byte(a.username + ":" + a.password)),
	}
}

// jsonInner returns a JSON string's text without its quotes.
func jsonInner(js []byte) string {
	js = bytes.TrimSpace(js)
	return string(js[1 : len(js)-1])
}
