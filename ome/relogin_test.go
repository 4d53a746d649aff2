package ome

import (
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// TestReloginReplaysSamePage is case B07: the token expires between page 2
// and page 3; the client logs in once more and replays page 3, not page 1.
func TestReloginReplaysSamePage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithPageSize(2))
	fs := registerSessions(t, mt)
	var queries []string
	serve := pagedDevices(seqIDs(701, 5), 2, nil)
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		func(r *http.Request) (*http.Response, error) {
			queries = append(queries, r.Header.Get("X-Auth-Token")+" "+r.URL.RawQuery)
			if r.URL.Query().Get("$skip") == "4" && len(queries) == 3 {
				fs.expire()
			}

			if !fs.authorized(r) {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "expired")), nil
			}
			return serve(r)
		})

	ids, err := collectIDs(c.Devices.All(t.Context(), nil))
	if err != nil {
		t.Fatalf("All: %v", err)
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if diff := cmp.Diff(seqIDs(701, 5), ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}

	want := []string{"tok-1 $skip=0&$top=2", "tok-1 $skip=2&$top=2", "tok-1 $skip=4&$top=2",
		"tok-2 $skip=4&$top=2"}
	if diff := cmp.Diff(want, queries); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}

	if fs.logins != 2 || !cmp.Equal([]string{"sess-2"}, fs.logouts) {
		t.Errorf("logins = %d, logouts = %v; want 2 and [sess-2]", fs.logins, fs.logouts)
	}
}

func TestSecond401IsAnErrorNotALoop(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs := registerSessions(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusUnauthorized,
			omeError("CGEN1001", "Unable to authenticate the request."))))

	_, err := c.Info(t.Context())
	checkErr(t, err, ErrUnauthorized)
	if fs.logins != 2 {
		t.Errorf("logins = %d, want 2 (first login and one re-login)", fs.logins)
	}

	if calls := mt.GetCallCountInfo()["GET "+testBase+"/api/ApplicationService/Info"]; calls != 2 {
		t.Errorf("GET calls = %d, want 2", calls)
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	// The first session was not expired after all: it is deleted, not leaked.
	if diff := cmp.Diff([]string{"sess-1", "sess-2"}, fs.logouts); diff != "" {
		t.Errorf("logouts (-want +got):\n%s", diff)
	}
}

func TestBasicAuthSendsCredentialsAndNoSession(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(r *http.Request) (*http.Response, error) {
			u, p, ok := r.BasicAuth()
			if !ok || u != testUser || p != testPassword || r.Header.Get("X-Auth-Token") != "" {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "no")), nil
			}
			return info()
		})

	if _, err := c.Info(t.Context()); err != nil {
		t.Fatalf("Info: %v", err)
	}

	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if calls := mt.GetTotalCallCount(); calls != 1 {
		t.Errorf("calls = %d, want 1 (no login, no logout)", calls)
	}
}

func TestConcurrentCallsShareOneSession(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	fs := registerSessions(t, mt)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(r *http.Request) (*http.Response, error) {
			if !fs.authorized(r) {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "no")), nil
			}
			return info()
		})

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Info(t.Context()); err != nil {
				t.Errorf("Info: %v", err)
			}
		}()
	}
	wg.Wait()

	if fs.logins != 1 || c.Requests() != 9 {
		t.Errorf("logins = %d, requests = %d; want 1 and 9", fs.logins, c.Requests())
	}
}

// refusingSessions plays a session service whose logins succeed until
// refuse is set, then answer with answer (a 401 or a CURS1209).
type refusingSessions struct {
	*fakeSessions
	mu     sync.Mutex
	refuse bool
	answer func() *http.Response
	posts  int
}

func registerRefusingSessions(
	t *testing.T, mt *httpmock.MockTransport, answer func() *http.Response,
) *refusingSessions {
	t.Helper()
	rs := &refusingSessions{fakeSessions: registerSessions(t, mt), answer: answer}
	ok := rs.fakeSessions.login(t)
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
		func(r *http.Request) (*http.Response, error) {
			rs.mu.Lock()
			rs.posts++
			refuse := rs.refuse
			rs.mu.Unlock()
			if refuse {
				return rs.answer(), nil
			}
			return ok(r)
		})
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		func(r *http.Request) (*http.Response, error) {
			if !rs.authorized(r) {
				return jsonResponse(http.StatusUnauthorized, omeError("CGEN1001", "expired")), nil
			}
			return info()
		})
	return rs
}

// refusal answers a login with status and an OME error of MessageId id.
func refusal(status int, id string) func() *http.Response {
	return func() *http.Response {
		return jsonResponse(status, omeError(id, "Login refused."))
	}
}

// setRefuse makes later logins fail (true) or succeed (false).
func (rs *refusingSessions) setRefuse(v bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.refuse = v
}

// TestRefusedReloginIsNotRepeated: the token expires and the re-login is
// refused (the password changed, or the user hit the session limit). The
// later calls fail with the same error without posting the credentials
// again, until Login is called.
func TestRefusedReloginIsNotRepeated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer func() *http.Response
		want   error
	}{
		{"401", refusal(http.StatusUnauthorized, "CGEN1001"), ErrUnauthorized},
		{"CURS1209", refusal(http.StatusBadRequest, "CURS1209"), ErrSessionLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			rs := registerRefusingSessions(t, mt, tt.answer)
			if _, err := c.Info(t.Context()); err != nil {
				t.Fatalf("first Info: %v", err)
			}

			rs.expire()
			rs.setRefuse(true)
			for range 5 {
				_, err := c.Info(t.Context())
				checkErr(t, err, tt.want)
			}

			// One first login, one refused re-login; one GET ok, one 401.
			if rs.posts != 2 || c.Requests() != 4 {
				t.Errorf("login posts = %d, requests = %d; want 2 and 4", rs.posts, c.Requests())
			}

			checkLoginRetriedOnRequest(t, c, rs)
		})
	}
}

// checkLoginRetriedOnRequest checks that Login tries again after a refusal.
func checkLoginRetriedOnRequest(t *testing.T, c *Client, rs *refusingSessions) {
	t.Helper()
	rs.setRefuse(false)
	if err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login after the refusal: %v", err)
	}

	if _, err := c.Info(t.Context()); err != nil || rs.posts != 3 {
		t.Errorf("Info after Login = %v after %d login posts; want nil and 3", err, rs.posts)
	}
}

// TestRefusedFirstLoginIsNotRepeated: with a wrong password, N calls post
// the credentials once; Logout clears the refusal like Login.
func TestRefusedFirstLoginIsNotRepeated(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	rs := registerRefusingSessions(t, mt, refusal(http.StatusUnauthorized, "CGEN1001"))
	rs.setRefuse(true)
	for range 4 {
		_, err := c.Info(t.Context())
		checkErr(t, err, ErrUnauthorized)
	}

	_, err := collectIDs(c.Devices.All(t.Context(), nil))
	checkErr(t, err, ErrUnauthorized)
	if rs.posts != 1 || c.Requests() != 1 {
		t.Errorf("login posts = %d, requests = %d; want 1 and 1", rs.posts, c.Requests())
	}

	if err := c.Logout(t.Context()); err != nil {
		t.Fatalf("Logout: %v", err)
	}

	rs.setRefuse(false)
	if _, err := c.Info(t.Context()); err != nil || rs.posts != 2 {
		t.Errorf("Info after Logout = %v after %d login posts; want nil and 2", err, rs.posts)
	}
}
