package app

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// authServer answers GET /auth/v1/user like Supabase Auth: 200 for the
// good token with the right key, 401 otherwise. It counts the requests.
func authServer(t *testing.T, goodToken, key string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch {
		case r.Method != http.MethodGet || r.URL.Path != userPath:
			w.WriteHeader(http.StatusNotFound)
		case r.Header.Get("apikey") != key || r.Header.Get("Authorization") != "Bearer "+goodToken:
			w.WriteHeader(http.StatusUnauthorized)
		default:
			_, _ = w.Write([]byte(`{"id":"u1","aud":"authenticated"}`))
		}
	}))
	t.Cleanup(srv.Close)

	return srv, &calls
}

func TestVerifyToken(t *testing.T) {
	t.Parallel()
	srv, calls := authServer(t, "good.jwt.token", "pk-1")
	tests := []struct {
		name    string
		url     string
		token   string
		key     string
		wantErr error  // nil with wantSub "" means accepted
		wantSub string // a part of the error
	}{
		{"accepted", srv.URL, "good.jwt.token", "pk-1", nil, ""},
		{"accepted, URL with the function path", srv.URL + "/functions/v1/openmanage-sync/",
			"good.jwt.token", "pk-1", nil, ""},
		{"accepted, URL ending in /functions/v1", srv.URL + "/functions/v1", "good.jwt.token", "pk-1", nil, ""},
		{"refused token", srv.URL, "other.jwt.token", "pk-1", ErrTokenRefused, "HTTP 401"},
		{"wrong key", srv.URL, "good.jwt.token", "pk-2", ErrTokenRefused, "DSM_API_KEY"},
		{"not a project", srv.URL + "/elsewhere", "good.jwt.token", "pk-1", nil, "HTTP 404"},
		{"unreachable", "http://127.0.0.1:1", "good.jwt.token", "pk-1", nil, "cannot be reached"},
		{"http to another host", "http://dsm.example.com", "good.jwt.token", "pk-1", ErrConfig, "HTTPS"},
	}
	for _, tt := range tests {
		cfg := Config{DSMURL: tt.url, DSMAPIKey: tt.key}
		err := VerifyToken(t.Context(), &cfg, nil, tt.token)
		if tt.wantErr == nil && tt.wantSub == "" {
			if err != nil {
				t.Errorf("%s: VerifyToken = %v, want nil", tt.name, err)
			}

			continue
		}

		if (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || err == nil || !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("%s: VerifyToken = %v, want %v saying %q", tt.name, err, tt.wantErr, tt.wantSub)
		}

		if err != nil && strings.Contains(err.Error(), tt.token) {
			t.Errorf("%s: the error shows the token", tt.name)
		}
	}

	if got := calls.Load(); got != 6 {
		t.Errorf("auth requests = %d, want 6 (none for the unreachable and refused URLs)", got)
	}
}

func TestCheckDSMURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url     string
		wantSub string // "" means valid
	}{
		{"https://abc.supabase.co", ""},
		{" https://abc.supabase.co/ ", ""},
		{"http://127.0.0.1:54321", ""},
		{"http://localhost:54321", ""},
		{"http://[::1]:54321", ""},
		{"http://abc.supabase.co", "DSM needs HTTPS"},
		{"ftp://x", "https://"},
		{"/just/path", "https://"},
		{"https://abc.supabase.co?x=1", "a query string does not belong in DSM_URL"},
		{"https://abc.supabase.co?", "a query string does not belong in DSM_URL"},
		{"https://abc.supabase.co#t", "a fragment"},
		{"https://abc.supabase.co:99999", `port "99999" is not a number from 1 to 65535`},
		{"https://abc.supabase.co:0", `port "0" is not a number from 1 to 65535`},
		{"https://abc.supabase.co:", "no port after the ':'"},
		{"https://abc.supabase.co:8443", ""},
		{"https://u:p@abc.supabase.co", "credentials do not belong in DSM_URL"},
		{"https://abc.supabase.co/%zz", `not a URL (invalid URL escape "%zz")`},
		{"https://u:p%zz@abc.supabase.co", "not a URL; give https://<project>.supabase.co"},
	}
	for _, tt := range tests {
		err := CheckDSMURL(tt.url)
		if (tt.wantSub == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantSub)) {
			t.Errorf("CheckDSMURL(%q) = %v, want %q", tt.url, err, tt.wantSub)
		}
	}
}
