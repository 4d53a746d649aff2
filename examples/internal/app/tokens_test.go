package app

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
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
