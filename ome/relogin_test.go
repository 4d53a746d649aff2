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
