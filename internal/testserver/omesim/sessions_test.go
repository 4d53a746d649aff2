package omesim

import (
	"net/http"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestLoginAnswers201WithTokenAndSessionBody(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Users: map[string]string{"svc-sync": `p@ss:w0rd/"x"`}})

	r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "",
		map[string]string{"UserName": "svc-sync", "Password": `p@ss:w0rd/"x"`, "SessionType": "API"})

	if r.status != http.StatusCreated {
		t.Fatalf("status = %d, want 201; body %s", r.status, r.raw)
	}

	if tok := r.header.Get("X-Auth-Token"); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(tok) {
		t.Errorf("X-Auth-Token is not 32 hex digits (length %d)", len(tok))
	}

	id, _ := r.body["Id"].(string)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuid.MatchString(id) {
		t.Errorf("Id = %q, want a UUID", id)
	}

	if r.body["UserName"] != "svc-sync" || r.body["Password"] != nil || r.body["Name"] != "API" {
		t.Errorf("session body fields wrong: %v", r.body)
	}

	if got := r.body["@odata.id"]; got != "/api/SessionService/Sessions('"+id+"')" {
		t.Errorf("@odata.id = %v", got)
	}

	if srv.Logins() != 1 || srv.OpenSessions() != 1 {
		t.Errorf("Logins %d, OpenSessions %d, want 1 and 1", srv.Logins(), srv.OpenSessions())
	}
}

func TestLoginRejectsBadInput(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tests := []struct {
		name   string
		body   any
		status int
		msgID  string
	}{
		{"wrong password", map[string]string{"UserName": "admin", "Password": "x", "SessionType": "API"},
			401, "CGEN1001"},
		{"unknown user", map[string]string{"UserName": "root", "Password": "admin", "SessionType": "API"},
			401, "CGEN1001"},
		{"no session type", map[string]string{"UserName": "admin", "Password": "admin"}, 400, "CGEN1002"},
		{"not an object", []int{1}, 400, "CGEN1002"},
	}

	for _, tt := range tests {
		r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "", tt.body)
		if r.status != tt.status || messageID(r.body) != tt.msgID {
			t.Errorf("%s: status %d, MessageId %q; want %d, %q", tt.name, r.status,
				messageID(r.body), tt.status, tt.msgID)
		}
	}

	if srv.Logins() != 0 {
		t.Errorf("Logins = %d after failed logins, want 0", srv.Logins())
	}
}

func TestSessionCapAnswersCURS1209(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		want   int
	}{
		{"default status", 0, 400},
		{"configured status", 403, 403},
	}

	for _, tt := range tests {
		srv := start(t, Config{SessionCap: 3, SessionLimitStatus: tt.status})
		for range 3 {
			login(t, srv)
		}

		r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "",
			map[string]string{"UserName": "admin", "Password": "admin", "SessionType": "API"})
		if r.status != tt.want || messageID(r.body) != "CURS1209" {
			t.Errorf("%s: status %d, MessageId %q; want %d CURS1209", tt.name, r.status,
				messageID(r.body), tt.want)
		}
	}
}

func TestSessionCapIsPerUserAndFreedByLogout(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{SessionCap: 1, Users: map[string]string{"admin": "admin", "b": "b"}})
	tok, id := login(t, srv)

	r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "",
		map[string]string{"UserName": "b", "Password": "b", "SessionType": "API"})
	if r.status != http.StatusCreated {
		t.Fatalf("second user's login: status %d", r.status)
	}

	if r := do(t, srv, http.MethodDelete, "/api/SessionService/Sessions('"+id+"')", tok, nil); r.status != 204 {
		t.Fatalf("DELETE: status %d, body %s", r.status, r.raw)
	}

	login(t, srv)
	if srv.Logouts() != 1 || srv.OpenSessions() != 2 {
		t.Errorf("Logouts %d, OpenSessions %d; want 1 and 2", srv.Logouts(), srv.OpenSessions())
	}
}

func TestDeleteSession(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, id := login(t, srv)
	other, _ := login(t, srv)

	tests := []struct {
		name, path, token string
		status            int
	}{
		{"unquoted key", "/api/SessionService/Sessions(" + id + ")", tok, 400},
		{"unknown id", "/api/SessionService/Sessions('nope')", tok, 404},
		{"no token", "/api/SessionService/Sessions('" + id + "')", "", 401},
		{"quoted key", "/api/SessionService/Sessions('" + id + "')", tok, 204},
		{"token of deleted session", "/api/SessionService/Sessions('" + id + "')", tok, 401},
		{"again with another token", "/api/SessionService/Sessions('" + id + "')", other, 404},
	}

	for _, tt := range tests {
		if r := do(t, srv, http.MethodDelete, tt.path, tt.token, nil); r.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, r.status, tt.status)
		}
	}

	if got := srv.RequestsByKind()["logout"]; got != int64(len(tests)) {
		t.Errorf("logout requests = %d, want %d", got, len(tests))
	}
}

func TestLogoffEndsCurrentSession(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, _ := login(t, srv)

	r := do(t, srv, http.MethodPost, "/api/SessionService/Actions/SessionService.Logoff", tok, nil)
	if r.status != http.StatusNoContent {
		t.Fatalf("Logoff: status %d", r.status)
	}

	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices", tok, nil); r.status != 401 {
		t.Errorf("after Logoff: status %d, want 401", r.status)
	}
}

func TestUnauthenticatedRequestsGet401ErrorBody(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	for _, tok := range []string{"", "0123456789abcdef0123456789abcdef"} {
		r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices", tok, nil)
		if r.status != 401 || messageID(r.body) != "CGEN1001" {
			t.Errorf("token given %v: status %d, MessageId %q", tok != "", r.status, messageID(r.body))
		}

		if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

// fakeClock is a settable clock for idle-timeout tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()

	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.now = c.now.Add(d)
}

func TestIdleTimeoutIsRefreshedByUse(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)}
	srv := start(t, Config{IdleTimeout: 2 * time.Second, Now: clock.Now})
	tok, _ := login(t, srv)

	for range 3 {
		clock.advance(1500 * time.Millisecond)
		get(t, srv, tok, "/api/ApplicationService/Info")
	}

	list := get(t, srv, tok, "/api/SessionService/Sessions")["value"].([]any)
	if got := list[0].(map[string]any)["LastAccessedTimeStamp"]; got != "2024-05-06 09:00:04.500" {
		t.Errorf("LastAccessedTimeStamp = %v, want the last request's time", got)
	}

	clock.advance(2 * time.Second)
	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices", tok, nil); r.status != 401 {
		t.Errorf("after idling: status %d, want 401", r.status)
	}

	if srv.OpenSessions() != 0 {
		t.Errorf("OpenSessions = %d after expiry, want 0", srv.OpenSessions())
	}
}

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		allow      bool
		user, pass string
		status     int
	}{
		{"allowed", true, "admin", "admin", 200},
		{"wrong password", true, "admin", "nope", 401},
		{"not allowed", false, "admin", "admin", 401},
	}

	for _, tt := range tests {
		srv := start(t, Config{AllowBasic: tt.allow})
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
			srv.URL()+"/api/DeviceService/Devices", nil)
		if err != nil {
			t.Fatal(err)
		}

		req.SetBasicAuth(tt.user, tt.pass)
		if r := send(t, srv, req); r.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, r.status, tt.status)
		}

		if srv.OpenSessions() != 0 {
			t.Errorf("%s: Basic request opened a session", tt.name)
		}
	}
}

func TestSessionConfigurationReflectsConfig(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{SessionCap: 3, IdleTimeout: 2 * time.Second})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/SessionService/SessionConfiguration")
	for _, v := range body["value"].([]any) {
		row := v.(map[string]any)
		if row["SessionType"] == "API" && (row["MaxSessions"] != 3.0 || row["SessionTimeout"] != 2000.0) {
			t.Errorf("API row = %v, want MaxSessions 3 and SessionTimeout 2000", row)
		}
	}

	if body["@odata.count"] != 3.0 {
		t.Errorf("@odata.count = %v, want 3", body["@odata.count"])
	}
}

func TestIssuedTokensKeepsEndedSessions(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	login := map[string]string{"UserName": "admin", "Password": "admin", "SessionType": "API"}

	var want []string
	for range 2 {
		r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "", login)
		want = append(want, r.header.Get("X-Auth-Token"))
	}

	srv.ExpireSessions()
	if got := srv.IssuedTokens(); !slices.Equal(got, want) || len(got) != 2 {
		t.Errorf("IssuedTokens() has %d tokens, want the 2 issued in order", len(got))
	}
}
