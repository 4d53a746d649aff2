package ome

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestSessionReusedAndClosed(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs := registerSessions(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(r *http.Request) (*http.Response, error) {
			if !fs.authorized(r) {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "no session")), nil
			}
			return jsonResponse(http.StatusOK, map[string]any{"Version": "4.1.0", "BuildNumber": "9"}), nil
		})

	for range 3 {
		if _, err := c.Info(t.Context()); err != nil {
			t.Fatalf("Info: %v", err)
		}
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	if fs.logins != 1 || c.Requests() != 5 {
		t.Errorf("logins = %d, requests = %d; want 1 and 5", fs.logins, c.Requests())
	}

	if diff := cmp.Diff([]string{"sess-1"}, fs.logouts); diff != "" {
		t.Errorf("logouts (-want +got):\n%s", diff)
	}
}

func TestLoginAccepts200(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
		func(*http.Request) (*http.Response, error) {
			resp := jsonResponse(http.StatusOK, map[string]any{
				"@odata.id": "/api/SessionService/Sessions('abc-1')"})
			resp.Header.Set("x-auth-token", "tok-x")
			return resp, nil
		})
	mt.RegisterResponder(http.MethodDelete, testBase+"/api/SessionService/Sessions('abc-1')",
		httpmock.NewStringResponder(http.StatusNoContent, ""))

	if err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login: %v", err)
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if got := mt.GetTotalCallCount(); got != 2 {
		t.Errorf("calls = %d, want 2", got)
	}
}

func TestCloseAfterCancelStillLogsOut(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs := registerSessions(t, mt)
	if err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login: %v", err)
	}

	ctx, cancel := contextWithCancel(t)
	cancel()
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if diff := cmp.Diff([]string{"sess-1"}, fs.logouts); diff != "" {
		t.Errorf("logouts (-want +got):\n%s", diff)
	}
}

func TestSessionLimit(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
		httpmock.ResponderFromResponse(jsonResponse(http.StatusBadRequest,
			omeError("CURS1209", "Session limit for this user reached."))))

	err := c.Login(t.Context())
	if !errors.Is(err, ErrSessionLimit) || !errors.Is(err, ErrBadRequest) {
		t.Fatalf("Login error = %v, want ErrSessionLimit and ErrBadRequest", err)
	}

	if msg := err.Error(); !strings.Contains(msg, "log out") || strings.Contains(msg, testPassword) {
		t.Errorf("message %q should say what to do and hold no password", msg)
	}

	if got := mt.GetTotalCallCount(); got != 1 {
		t.Errorf("login attempts = %d, want 1 (no retry loop)", got)
	}
}

func TestCloseOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		wantErr   error
		wantCalls int
	}{
		{"204 closed", http.StatusNoContent, nil, 2},
		{"404 already gone", http.StatusNotFound, nil, 2},
		{"401 already expired", http.StatusUnauthorized, nil, 2},
		{"500 reported", http.StatusInternalServerError, ErrServer, 2},
		{"503 retried then reported", http.StatusServiceUnavailable, ErrServer, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			fs := registerSessions(t, mt)
			mt.RegisterResponder(http.MethodDelete, testBase+"/api/SessionService/Sessions('sess-1')",
				httpmock.ResponderFromResponse(jsonResponse(tt.status, omeError("CGEN6001", "x"))))
			if err := c.Login(t.Context()); err != nil {
				t.Fatalf("Login: %v", err)
			}

			checkErr(t, c.Close(t.Context()), tt.wantErr)
			if c.Requests() != int64(tt.wantCalls) || c.currentToken() != "" || fs.logins != 1 {
				t.Errorf("requests = %d, token kept = %v", c.Requests(), c.currentToken() != "")
			}

			if err := c.Close(t.Context()); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func TestLogoutErrorHidesTheClosedToken(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	registerSessions(t, mt)
	mt.RegisterResponder(http.MethodDelete, testBase+"/api/SessionService/Sessions('sess-1')",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusInternalServerError,
			omeError("CGEN6001", "cannot delete session of token tok-1"))))
	if err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login: %v", err)
	}

	err := c.Close(t.Context())
	checkErrText(t, err, []error{ErrServer}, []string{"session of token ***"})
}

func TestCallsAfterCloseFail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []Option
	}{
		{"session", nil},
		{"basic auth", []Option{WithBasicAuth()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, tt.opts...)
			fs := registerSessions(t, mt)
			mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
				func(*http.Request) (*http.Response, error) { return info() })
			if _, err := c.Info(t.Context()); err != nil {
				t.Fatalf("Info: %v", err)
			}

			if err := c.Close(t.Context()); err != nil {
				t.Fatalf("Close: %v", err)
			}
			sent := c.Requests()

			_, infoErr := c.Info(t.Context())
			loginErr := c.Login(t.Context())
			_, listErr := collectIDs(c.Devices.All(t.Context(), nil))
			for _, err := range []error{infoErr, loginErr, listErr} {
				if !errors.Is(err, ErrClosed) {
					t.Errorf("call after Close = %v, want ErrClosed", err)
				}
			}

			if err := c.Close(t.Context()); err != nil {
				t.Errorf("second Close: %v", err)
			}

			if c.Requests() != sent || fs.logins > 1 {
				t.Errorf("after Close: %d more requests, %d logins; want none and at most 1",
					c.Requests()-sent, fs.logins)
			}
		})
	}
}

func TestCloseDuringAListingOpensNoSession(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithPageSize(1))
	fs := registerSessions(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		func(r *http.Request) (*http.Response, error) {
			if !fs.authorized(r) {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "no session")), nil
			}
			return pagedDevices(seqIDs(1, 3), 1, nil)(r)
		})

	var err error
	for d, e := range c.Devices.All(t.Context(), nil) {
		if d.ID == 1 {
			fs.expire()
			if cerr := c.Close(t.Context()); cerr != nil {
				t.Fatalf("Close: %v", cerr)
			}
		}
		err = e
	}

	if !errors.Is(err, ErrClosed) || fs.logins != 1 {
		t.Errorf("listing after Close ended with %v after %d logins; want ErrClosed, 1 login",
			err, fs.logins)
	}
}

func TestLogoutKeepsTheClientUsable(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs := registerSessions(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(*http.Request) (*http.Response, error) { return info() })

	for range 2 {
		if _, err := c.Info(t.Context()); err != nil {
			t.Fatalf("Info: %v", err)
		}

		if err := c.Logout(t.Context()); err != nil {
			t.Fatalf("Logout: %v", err)
		}
	}

	if diff := cmp.Diff([]string{"sess-1", "sess-2"}, fs.logouts); diff != "" || fs.logins != 2 {
		t.Errorf("%d logins, logouts (-want +got):\n%s", fs.logins, diff)
	}
}

// blockedLogin registers a login that waits until release is closed; entered
// is closed when the login request has arrived.
func blockedLogin(t *testing.T, mt *httpmock.MockTransport) (fs *fakeSessions, entered, release chan struct{}) {
	t.Helper()
	fs = registerSessions(t, mt)
	ok := fs.login(t)
	entered, release = make(chan struct{}), make(chan struct{})
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
		func(r *http.Request) (*http.Response, error) {
			close(entered)
			<-release
			return ok(r)
		})
	return fs, entered, release
}

// waitResult returns the error from errc, or fails the test when the call
// is still waiting after a generous limit (the call should return at once).
func waitResult(t *testing.T, what string, errc <-chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(5 * time.Second):
		t.Errorf("%s still waits for the login after its context ended", what)
		return nil
	}
}

func TestWaitForLoginEndsWithContext(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs, entered, release := blockedLogin(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(*http.Request) (*http.Response, error) { return info() })
	loginErr := make(chan error, 1)
	go func() { loginErr <- c.Login(t.Context()) }()
	<-entered

	ctx, cancel := context.WithCancel(t.Context())
	infoErr := make(chan error, 1)
	go func() {
		_, err := c.Info(ctx)
		infoErr <- err
	}()
	cancel()
	if err := waitResult(t, "Info", infoErr); !errors.Is(err, context.Canceled) {
		t.Errorf("Info = %v, want context.Canceled", err)
	}

	close(release)
	if err := <-loginErr; err != nil {
		t.Fatalf("Login: %v", err)
	}

	if _, err := c.Info(t.Context()); err != nil || fs.logins != 1 || c.Requests() != 2 {
		t.Errorf("Info after the login = %v; %d logins, %d requests; want nil, 1, 2",
			err, fs.logins, c.Requests())
	}
}

// TestCloseDuringALoginEndsWithContext: Close does not wait past its
// context for a login in progress, and that login, finding the client
// closed, deletes the session it opened.
func TestCloseDuringALoginEndsWithContext(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs, entered, release := blockedLogin(t, mt)
	loginErr := make(chan error, 1)
	go func() { loginErr <- c.Login(t.Context()) }()
	<-entered

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	closeErr := make(chan error, 1)
	go func() { closeErr <- c.Close(ctx) }()
	if err := waitResult(t, "Close", closeErr); !errors.Is(err, context.Canceled) {
		t.Errorf("Close = %v, want context.Canceled", err)
	}

	close(release)
	if err := <-loginErr; !errors.Is(err, ErrClosed) {
		t.Errorf("Login that ended after Close = %v, want ErrClosed", err)
	}

	if diff := cmp.Diff([]string{"sess-1"}, fs.logouts); diff != "" || c.currentToken() != "" {
		t.Errorf("token kept = %v, logouts (-want +got):\n%s", c.currentToken() != "", diff)
	}
}

type traceKey struct{}

// TestCloseOutlivesTheCallersDeadline: a context that ends while the
// DELETE is on its way (a deadline with 1 ms left) does not leak the
// session; the logout keeps ctx's values and has a deadline of its own.
func TestCloseOutlivesTheCallersDeadline(t *testing.T) {
	t.Parallel()
	for _, closing := range []bool{true, false} {
		c, mt, _ := newTestClient(t)
		registerSessions(t, mt)
		if err := c.Login(t.Context()); err != nil {
			t.Fatalf("Login: %v", err)
		}

		ctx, cancel := context.WithCancel(context.WithValue(t.Context(), traceKey{}, "trace-1"))
		var got []any
		mt.RegisterResponder(http.MethodDelete, testBase+"/api/SessionService/Sessions('sess-1')",
			func(r *http.Request) (*http.Response, error) {
				cancel() // the caller's deadline passes now
				_, hasDeadline := r.Context().Deadline()
				got = append(got, r.Context().Err(), r.Context().Value(traceKey{}), hasDeadline)
				return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
			})

		end := c.Logout
		if closing {
			end = c.Close
		}

		if err := end(ctx); err != nil {
			t.Errorf("closing %v: %v", closing, err)
		}

		if diff := cmp.Diff([]any{nil, "trace-1", true}, got); diff != "" {
			t.Errorf("closing %v: logout context err, value, deadline (-want +got):\n%s", closing, diff)
		}
	}
}
