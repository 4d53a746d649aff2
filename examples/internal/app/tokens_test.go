package app

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
)

// fakeJWT returns an unsigned JWT with this exp, enough for reading exp.
func fakeJWT(exp time.Time) string {
	claims := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"sub":"x","exp":%d}`, exp.Unix())))

	return "eyJhbGciOiJIUzI1NiJ9." + claims + ".c2lnbmF0dXJl"
}

func TestDSMTokenSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		token   string
		wantSub string // "" means no error
	}{
		{"fresh", fakeJWT(time.Now().Add(time.Hour)), ""},
		{"expired", fakeJWT(time.Now().Add(-time.Hour)), "sign in to DSM again"},
		{"not a jwt", "not-a-token", "DSM_JWT_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := validConfig()
			cfg.DSMToken = tt.token
			ts, err := DSMTokenSource(t.Context(), &cfg, nil)
			if tt.wantSub == "" {
				if err != nil || ts == nil {
					t.Fatalf("DSMTokenSource = %v, %v; want a source", ts, err)
				}

				return
			}

			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.wantSub) {
				t.Fatalf("DSMTokenSource error = %v, want ErrConfig saying %q", err, tt.wantSub)
			}

			if strings.Contains(err.Error(), tt.token) {
				t.Errorf("the error shows the token")
			}
		})
	}
}

func TestCheckTokenExpiry(t *testing.T) {
	t.Parallel()
	exp := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	cfg := validConfig()
	cfg.DSMToken = fakeJWT(exp)
	ts, err := DSMTokenSource(t.Context(), &cfg, nil)
	if err != nil {
		t.Fatal(err)
	}

	info, err := CheckToken(t.Context(), &cfg, ts)
	if err != nil || !info.Expiry.Equal(exp) || info.SignIn {
		t.Errorf("CheckToken = %+v, %v; want expiry %v, static", info, err, exp)
	}
}

// TestExplainDSMRefresh: a refresh token that the auth server refuses as
// spent, or whose refresh is in doubt, gets the advice to put a fresh one
// in the file or to sign in; other refusals do not.
func TestExplainDSMRefresh(t *testing.T) {
	t.Parallel()
	refused := func(code, msg string) error {
		ae := &dsm.APIError{StatusCode: 400, Code: code, Message: msg}

		return fmt.Errorf("%w: refresh_token grant refused: %w", dsm.ErrUnauthorized, ae)
	}
	tests := []struct {
		name   string
		err    error
		advice bool
	}{
		{"already used", refused("refresh_token_already_used", "Already Used"), true},
		{"not found", refused("refresh_token_not_found", ""), true},
		{"legacy invalid grant", refused("invalid_grant", "Invalid Refresh Token: Revoked"), true},
		{"in doubt", fmt.Errorf("dsm: %w: lost", dsm.ErrRefreshInDoubt), true},
		{"wrong password", refused("invalid_credentials", "Invalid login credentials"), false},
		{"gateway 401", &dsm.APIError{StatusCode: 401, Message: "Invalid JWT"}, false},
	}
	for _, tt := range tests {
		got := ExplainDSM(tt.err)
		if strings.Contains(got.Error(), RefreshAdvice) != tt.advice || !errors.Is(got, tt.err) {
			t.Errorf("%s: ExplainDSM = %v; want the refresh advice: %v", tt.name, got, tt.advice)
		}
	}
}
