package dsmsim

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// get sends GET path with an optional bearer token and apikey.
func get(t *testing.T, s *Server, method, path, token, apikey string) answer {
	t.Helper()

	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}

	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}

	if apikey != "" {
		req.Header.Set("apikey", apikey)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a.body); err != nil {
		t.Errorf("%s %s: body %q is not a JSON object", method, path, raw)
	}

	return a
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestGetUserAnswersForAValidToken(t *testing.T) {
	t.Parallel()

	s := Start(Config{APIKey: "anon"})
	defer s.Close()

	got := get(t, s, http.MethodGet, UserPath, s.IssueToken("ops@example.com", time.Hour), "anon")
	id, _ := got.body["id"].(string)
	want := map[string]any{"id": id, "aud": "authenticated", "role": "authenticated", "email": "ops@example.com"}
	if diff := cmp.Diff(want, got.body); diff != "" || got.status != http.StatusOK || !uuidPattern.MatchString(id) {
		t.Errorf("status %d, id %q, user (-want +got):\n%s", got.status, id, diff)
	}

	again := get(t, s, http.MethodGet, UserPath, s.IssueToken("ops@example.com", time.Hour), "anon")
	if again.body["id"] != id {
		t.Errorf("the same user has ids %v and %v", id, again.body["id"])
	}

	if n := s.UserRequests(); n != 2 || s.AuthRequests() != 0 {
		t.Errorf("UserRequests() = %d, AuthRequests() = %d; want 2 and 0", n, s.AuthRequests())
	}
}

func TestGetUserRefusesBadRequests(t *testing.T) {
	t.Parallel()

	s := Start(Config{APIKey: "anon", JWTSecret: []byte("secret-a")})
	defer s.Close()

	other := Start(Config{JWTSecret: []byte("secret-b")})
	defer other.Close()

	good := s.IssueToken("ops@example.com", time.Hour)
	revoked := s.IssueToken("old@example.com", time.Hour)
	s.RevokeAll()

	noKey := map[string]any{"message": "No API key found in request",
		"hint": "No `apikey` request header or url param was found."}
	badJWT := func(msg string) map[string]any {
		return map[string]any{"code": 401.0, "error_code": "bad_jwt", "msg": msg}
	}
	tests := []struct {
		name, method, token, apikey string
		status                      int
		body                        map[string]any
	}{
		{"no apikey", http.MethodGet, good, "", 401, noKey},
		{"wrong apikey", http.MethodGet, good, "other", 401, noKey},
		{"no token", http.MethodGet, "", "anon", 401, map[string]any{"code": 401.0,
			"error_code": "no_authorization", "msg": "This endpoint requires a Bearer token"}},
		{"not a jwt", http.MethodGet, "abc", "anon", 401, badJWT("invalid JWT: unable to parse or verify signature")},
		{"other secret", http.MethodGet, other.IssueToken("ops@example.com", time.Hour), "anon", 401,
			badJWT("invalid JWT: unable to parse or verify signature")},
		{"expired", http.MethodGet, s.IssueToken("ops@example.com", -time.Second), "anon", 401,
			badJWT("invalid JWT: unable to parse or verify signature, token is expired")},
		{"revoked", http.MethodGet, revoked, "anon", 401, badJWT("invalid JWT: unable to parse or verify signature")},
		{"POST", http.MethodPost, good, "anon", 405, map[string]any{"message": "method not allowed"}},
	}
	for _, tt := range tests {
		got := get(t, s, tt.method, UserPath, tt.token, tt.apikey)
		if diff := cmp.Diff(tt.body, got.body); diff != "" || got.status != tt.status {
			t.Errorf("%s: status %d, want %d; body (-want +got):\n%s", tt.name, got.status, tt.status, diff)
		}
	}
}
