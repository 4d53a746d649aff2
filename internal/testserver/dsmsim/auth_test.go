package dsmsim

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestPasswordGrantNeedsKeyAndCredentials(t *testing.T) {
	t.Parallel()

	s := Start(Config{APIKey: "anon", Users: map[string]string{"ops@example.com": `p:/"w`}})
	defer s.Close()

	good := `{"email":"ops@example.com","password":"p:/\"w"}`
	tests := []struct {
		name, apikey, body string
		want               int
	}{
		{"no apikey", "", good, http.StatusUnauthorized},
		{"wrong password", "anon", `{"email":"ops@example.com","password":"x"}`, http.StatusBadRequest},
		{"unknown user", "anon", `{"email":"x@example.com","password":"x"}`, http.StatusBadRequest},
		{"good", "anon", good, http.StatusOK},
	}
	for _, tt := range tests {
		got := post(t, s, AuthPath+"?grant_type=password", "", tt.apikey, tt.body)
		if got.status != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got.status, tt.want)
		}
	}

	if n := s.AuthRequests(); n != len(tests) {
		t.Errorf("AuthRequests() = %d, want %d", n, len(tests))
	}
}

func TestRefreshTokenIsSingleUse(t *testing.T) {
	t.Parallel()

	s := Start(Config{TokenLifetime: time.Minute})
	defer s.Close()

	first := s.IssueRefreshToken("ops@example.com")
	grant := func(rt string) answer {
		return post(t, s, AuthPath+"?grant_type=refresh_token", "", "", `{"refresh_token":"`+rt+`"}`)
	}

	ok := grant(first)
	access, _ := ok.body["access_token"].(string)
	if ok.status != 200 || access == "" || ok.body["refresh_token"] == first || ok.body["expires_in"] != 60.0 {
		t.Fatalf("first refresh: status %d, rotated %v, expires_in %v",
			ok.status, ok.body["refresh_token"] != first, ok.body["expires_in"])
	}

	if got := post(t, s, SyncPath, access, "", `{"devices":[]}`); got.status != 200 {
		t.Fatalf("new access token: status %d, want 200", got.status)
	}

	reuse := grant(first)
	if reuse.status != 400 || reuse.body["error_code"] != "refresh_token_already_used" {
		t.Errorf("reuse: status %d code %v, want 400 refresh_token_already_used",
			reuse.status, reuse.body["error_code"])
	}

	if got := post(t, s, SyncPath, access, "", `{"devices":[]}`); got.status != 401 {
		t.Errorf("access token of a revoked session: status %d, want 401", got.status)
	}

	if next := grant(ok.body["refresh_token"].(string)); next.status != 400 {
		t.Errorf("rotated token of a revoked session: status %d, want 400", next.status)
	}
}

func TestIssuedTokensListsAccessAndRefreshTokens(t *testing.T) {
	t.Parallel()

	s := Start(Config{})
	defer s.Close()

	access := s.IssueToken("ops@example.com", time.Minute)
	rt := s.IssueRefreshToken("ops@example.com")
	got := post(t, s, AuthPath+"?grant_type=refresh_token", "", "", `{"refresh_token":"`+rt+`"}`)
	want := []string{access, rt, got.body["access_token"].(string), got.body["refresh_token"].(string)}

	issued := s.IssuedTokens()
	for _, tok := range want {
		if !slices.Contains(issued, tok) {
			t.Errorf("IssuedTokens() lacks a token of %d chars", len(tok))
		}
	}

	if len(issued) != len(want) {
		t.Errorf("IssuedTokens() has %d tokens, want %d", len(issued), len(want))
	}
}
