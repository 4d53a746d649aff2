package ome

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	sessionsPath = "/api/SessionService/Sessions"
	logoffPath   = "/api/SessionService/Actions/SessionService.Logoff"
	// closeTimeout bounds a logout, which does not end with the caller's
	// context.
	closeTimeout = 10 * time.Second
)

// session is an open OME API session.
type session struct {
	id    string
	token string
}

// loginRequest is the body of POST /api/SessionService/Sessions.
type loginRequest struct {
	UserName    string `json:"UserName"`
	Password    string `json:"Password"`
	SessionType string `json:"SessionType"`
}

// loginResponse holds the fields of the session the client uses.
type loginResponse struct {
	ID      string `json:"Id"`
	ODataID string `json:"@odata.id"`
}

// Login opens the session now; other calls log in on first use. With
// WithBasicAuth there is no session and Login does nothing. After a login
// that OME refused (ErrUnauthorized, ErrSessionLimit) other calls fail
// with that error without posting the credentials again; Login (or
// Logout) is how the caller asks for a new attempt.
//
// POST /api/SessionService/Sessions
func (c *Client) Login(ctx context.Context) error {
	if err := c.ready("Login"); err != nil {
		return err
	}

	if err := c.checkOpen("log in"); err != nil {
		return err
	}

	if c.auth.basic {
		return nil
	}

	if s := c.sess.Load(); s != nil {
		return nil
	}

	_, err := c.relogin(ctx, nil, true)
	return err
}

// Close logs out of the session, if one is open, and ends the Client. The
// logout keeps ctx's values but not its deadline or cancellation: it is
// bounded by a timeout of its own (10s), so Close is safe in a defer after
// a failed or cancelled run, or with a deadline about to pass. After
// Close every call fails with ErrClosed without sending anything (a closed
// client never logs in again); closing again does nothing. When another
// goroutine is logging in, Close waits for it only as long as ctx allows;
// that login, finding the Client closed, deletes the session it opened.
//
// DELETE /api/SessionService/Sessions('<Id>')
func (c *Client) Close(ctx context.Context) error {
	if err := c.ready("Close"); err != nil {
		return err
	}

	return c.endSession(ctx, true)
}

// Logout logs out of the session, if one is open, like Close, but keeps
// the Client usable: the next call that needs the appliance logs in again,
// also after a refused login. It suits a client kept across runs that
// should not hold a session between them.
//
// DELETE /api/SessionService/Sessions('<Id>')
func (c *Client) Logout(ctx context.Context) error {
	if err := c.ready("Logout"); err != nil {
		return err
	}

	return c.endSession(ctx, false)
}

// endSession deletes the open session; with closing, it also ends the
// Client. Waiting for a login in progress ends with ctx; Close then still
// deletes a session already stored, and the login, finding the Client
// closed, deletes its own.
func (c *Client) endSession(ctx context.Context, closing bool) error {
	if closing {
		c.closed.Store(true)
	}

	if err := c.acquire(ctx); err != nil {
		if !closing {
			return fmt.Errorf("ome: log out: %w", err)
		}

		if lerr := c.logoutCurrent(ctx); lerr != nil {
			return fmt.Errorf("ome: close: %w; %w", err, lerr)
		}
		return fmt.Errorf("ome: close: %w", err)
	}
	defer c.release()

	c.refused = nil
	return c.logoutCurrent(ctx)
}

// logoutCurrent deletes the open session, if any.
func (c *Client) logoutCurrent(ctx context.Context) error {
	s := c.sess.Swap(nil)
	if s == nil {
		return nil
	}

	lctx, cancel := logoutContext(ctx)
	defer cancel()
	return c.logout(lctx, s)
}

// logoutContext keeps ctx's values but not its cancellation or deadline,
// which may be too close to let the DELETE through: a logout is bounded
// by closeTimeout alone.
func logoutContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
}

// acquire takes lock, or fails with ctx's error when ctx ends first. A
// free lock is taken even when ctx is already done, so that Close after a
// cancellation still logs out.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.lock <- struct{}{}:
		return nil
	default:
	}

	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for another login or logout: %w", context.Cause(ctx))
	}
}

// release frees lock.
func (c *Client) release() { <-c.lock }

// logout deletes session s; a session the appliance no longer knows counts
// as closed.
func (c *Client) logout(ctx context.Context, s *session) error {
	r := &call{method: http.MethodDelete, url: c.endpoint(sessionPath(s.id), ""), public: true}
	if s.id == "" {
		r = &call{method: http.MethodPost, url: c.endpoint(logoffPath, ""),
			body: []byte("{}"), public: true}
	}

	resp, err := c.sendWithRetry(ctx, r, s.token)
	if err != nil {
		return fmt.Errorf("ome: log out: %w", err)
	}

	if resp.status == http.StatusUnauthorized || resp.status == http.StatusNotFound {
		return nil
	}
	return c.checkStatus(r, resp)
}

// checkOpen returns ErrClosed, naming what was asked, after Close.
func (c *Client) checkOpen(what string) error {
	if !c.closed.Load() {
		return nil
	}
	return fmt.Errorf("%w: %s: nothing was sent; make a new Client for more calls",
		ErrClosed, what)
}

// sessionPath is the entity path of one session, with the key quoted the
// OData way.
func sessionPath(id string) string {
	return sessionsPath + "(" + quoteKey(id) + ")"
}

// quoteKey quotes a string key for an OData path: single quotes doubled,
// other reserved characters escaped.
func quoteKey(s string) string {
	return "'" + strings.ReplaceAll(url.PathEscape(s), "%27", "''") + "'"
}

// authToken returns the session's token; "" for no session.
func (s *session) authToken() string {
	if s == nil {
		return ""
	}
	return s.token
}

// currentToken returns the open session's token, or "".
func (c *Client) currentToken() string {
	return c.sess.Load().authToken()
}

// openSession returns the open session, logging in when there is none.
func (c *Client) openSession(ctx context.Context) (*session, error) {
	if s := c.sess.Load(); s != nil {
		return s, nil
	}
	return c.relogin(ctx, nil, false)
}

// relogin opens a new session unless another goroutine already replaced
// the stale one (nil when there was none). After a refused login it fails
// with that refusal without sending anything, unless explicit (Login).
func (c *Client) relogin(ctx context.Context, stale *session, explicit bool) (*session, error) {
	if err := c.acquire(ctx); err != nil {
		return nil, fmt.Errorf("ome: log in: %w", err)
	}
	defer c.release()

	if err := c.checkOpen("log in"); err != nil {
		return nil, err
	}

	if cur := c.sess.Load(); cur != nil && cur != stale {
		return cur, nil
	}

	if explicit {
		c.refused = nil
	}

	if c.refused != nil {
		return nil, fmt.Errorf("ome: not logging in again after a refused login "+
			"(call Login to try again): %w", c.refused)
	}

	s, err := c.login(ctx)
	if err != nil {
		c.noteRefusal(err, stale)
		return nil, err
	}

	c.sess.Store(s)
	if c.closed.Load() {
		return nil, c.abandon(ctx, s)
	}
	return s, nil
}

// abandon deletes session s, opened while Close ran, unless Close took
// it first, and returns ErrClosed.
func (c *Client) abandon(ctx context.Context, s *session) error {
	if c.sess.CompareAndSwap(s, nil) {
		lctx, cancel := logoutContext(ctx)
		defer cancel()
		_ = c.logout(lctx, s) // best effort: the caller learns that the client is closed
	}
	return c.checkOpen("log in")
}

// noteRefusal remembers a login that OME refused (bad credentials or the
// session limit), so that later calls do not post the credentials again,
// and drops the stale session the refusal replaces. It runs under lock.
func (c *Client) noteRefusal(err error, stale *session) {
	if !errors.Is(err, ErrUnauthorized) && !errors.Is(err, ErrSessionLimit) {
		return
	}

	c.refused = err
	c.sess.CompareAndSwap(stale, nil)
}

// login posts the credentials; it is never retried, so a refused login
// cannot count twice against the account.
func (c *Client) login(ctx context.Context) (*session, error) {
	if c.auth.username == "" {
		return nil, errors.New("ome: no credentials: use WithCredentials")
	}

	body, err := json.Marshal(loginRequest{c.auth.username, c.auth.password, "API"})
	if err != nil {
		return nil, fmt.Errorf("ome: encode login: %w", err)
	}

	r := &call{method: http.MethodPost, url: c.endpoint(sessionsPath, ""), body: body, public: true}
	resp, err := c.send(ctx, r, "")
	if err != nil {
		return nil, err
	}
	return c.readSession(r, resp)
}

// readSession checks the login answer and reads the token and session id.
func (c *Client) readSession(r *call, resp *response) (*session, error) {
	if resp.status != http.StatusOK && resp.status != http.StatusCreated {
		return nil, c.loginError(r, resp)
	}

	token := resp.header.Get(headerAuthToken)
	if token == "" {
		return nil, fmt.Errorf("ome: log in as %q: HTTP %d without an %s header; "+
			"check that the URL points at the OME appliance",
			c.auth.username, resp.status, headerAuthToken)
	}

	var lr loginResponse
	_ = json.Unmarshal(resp.body, &lr) // without an Id, Close uses the Logoff action
	return &session{id: sessionID(lr), token: token}, nil
}

// sessionID takes Id, or the key of @odata.id.
func sessionID(lr loginResponse) string {
	if lr.ID != "" {
		return lr.ID
	}

	_, key, ok := strings.Cut(lr.ODataID, "('")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(key, "')")
}

// notFoundHint says what to check when the login path is not found: the
// host and port, and a base path when there is one.
func (c *Client) notFoundHint() string {
	const hint = "the host does not look like an OME API endpoint: check the host and port"
	if c.base.Path == "" {
		return hint
	}

	return hint + ", and the path " + c.base.Path + ", which goes before /api: give " +
		"https://host[:port] alone unless a reverse proxy serves OME under that path"
}

// loginError explains a refused login.
func (c *Client) loginError(r *call, resp *response) error {
	e := c.apiError(r, resp)
	switch {
	case e.HasMessageID(MessageSessionLimit):
		e.Hint = "the user " + c.auth.username + " has reached OME's API session limit: " +
			"log out its other sessions (or let them time out), or raise MaxSessions " +
			"in the session configuration, then retry"
	case resp.status == http.StatusNotFound:
		e.Hint = c.notFoundHint()
	case resp.status == http.StatusUnauthorized:
		e.Hint = "check the user name and password of " + c.auth.username
	}
	return e
}
