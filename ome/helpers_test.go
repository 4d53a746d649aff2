package ome

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

const (
	testBase     = "https://ome.example.com"
	testUser     = "svc-sync"
	testPassword = `p@ss:w0rd/"x"`
)

// newTestClient returns a client on a fresh mock transport that fails the
// test on any unregistered request, and records sleeps instead of sleeping.
func newTestClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport, *[]time.Duration) {
	t.Helper()

	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(599, ""), nil
	})

	all := append([]Option{
		WithCredentials(testUser, testPassword),
		WithHTTPClient(&http.Client{Transport: mt}),
	}, opts...)
	c, err := NewClient(testBase, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	var mu sync.Mutex
	sleeps := &[]time.Duration{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		*sleeps = append(*sleeps, d)
		return ctx.Err()
	}
	return c, mt, sleeps
}

// fakeSessions plays OME's session service.
type fakeSessions struct {
	mu      sync.Mutex
	logins  int
	logouts []string
	valid   map[string]bool
}

var sessionKey = regexp.MustCompile(`/api/SessionService/Sessions\('([^']*)'\)$`)

// registerSessions answers logins with tok-N / sess-N and logouts with 204.
func registerSessions(t *testing.T, mt *httpmock.MockTransport) *fakeSessions {
	t.Helper()

	fs := &fakeSessions{valid: map[string]bool{}}
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath, fs.login(t))
	mt.RegisterRegexpResponder(http.MethodDelete, sessionKey,
		func(r *http.Request) (*http.Response, error) {
			fs.mu.Lock()
			defer fs.mu.Unlock()
			fs.logouts = append(fs.logouts, sessionKey.FindStringSubmatch(r.URL.Path)[1])
			return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
		})
	return fs
}

// login checks the JSON body and opens a session.
func (fs *fakeSessions) login(t *testing.T) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		var body loginRequest
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("login body: %v", err)
		}

		if body != (loginRequest{testUser, testPassword, "API"}) || r.URL.RawQuery != "" {
			t.Errorf("login request: user %q, type %q, query %q", body.UserName,
				body.SessionType, r.URL.RawQuery)
		}

		fs.mu.Lock()
		defer fs.mu.Unlock()
		fs.logins++
		n := strconv.Itoa(fs.logins)
		fs.valid["tok-"+n] = true
		resp := httpmock.NewStringResponse(http.StatusCreated, `{"Id":"sess-`+n+`","UserName":"svc-sync"}`)
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Set("X-Auth-Token", "tok-"+n)
		return resp, nil
	}
}

// expire invalidates every token issued so far.
func (fs *fakeSessions) expire() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.valid = map[string]bool{}
}

// authorized reports whether r carries a live token.
func (fs *fakeSessions) authorized(r *http.Request) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.valid[r.Header.Get("X-Auth-Token")]
}

// jsonResponse answers status with v as JSON.
func jsonResponse(status int, v any) *http.Response {
	resp := httpmock.NewBytesResponse(status, mustJSON(v))
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// mustJSON marshals v or panics; test data only.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// omeError is OME's error envelope with one extended info entry.
func omeError(id, msg string) map[string]any {
	return map[string]any{"error": map[string]any{
		"code": "Base.1.0.GeneralError", "message": "A general error has occurred.",
		"@Message.ExtendedInfo": []map[string]any{{
			"MessageId": id, "Message": msg, "Severity": "Critical",
			"Resolution": "Retry the operation.",
		}},
	}}
}

// pagedDevices serves devices with ids from a server page size, emitting a
// nextLink that drops the caller's filter and order, as OME does. check
// sees every request.
func pagedDevices(ids []int64, serverPage int, check func(*http.Request)) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		if check != nil {
			check(r)
		}

		q := r.URL.Query()
		skip, _ := strconv.Atoi(q.Get("$skip"))
		top, err := strconv.Atoi(q.Get("$top"))
		if err != nil || top > serverPage {
			top = serverPage
		}

		skip = min(skip, len(ids))
		end := min(skip+top, len(ids))
		value := []map[string]any{}
		for _, id := range ids[skip:end] {
			value = append(value, map[string]any{"Id": id, "Type": 1000,
				"DeviceServiceTag": fmt.Sprintf("TST%04d", id)})
		}

		body := map[string]any{"@odata.count": len(ids), "value": value}
		if end < len(ids) {
			body["@odata.nextLink"] = fmt.Sprintf("/api/DeviceService/Devices?$skip=%d&$top=%d", end, top)
		}
		return jsonResponse(http.StatusOK, body), nil
	}
}

// collectIDs drains a device sequence.
func collectIDs(seq func(func(Device, error) bool)) ([]int64, error) {
	var ids []int64
	for d, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, d.ID)
	}
	return ids, nil
}

// seqIDs returns first..first+n-1.
func seqIDs(first int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids
}

// contextWithCancel is t.Context with a cancel function.
func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}
