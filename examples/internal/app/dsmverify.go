package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// userPath is Supabase Auth's endpoint that describes the token's user.
const userPath = "/auth/v1/user"

// verifyTimeout bounds the request of VerifyToken.
const verifyTimeout = 30 * time.Second

// ErrTokenRefused says DSM did not accept the access token.
var ErrTokenRefused = errors.New("DSM refused the access token")

// VerifyToken asks DSM's auth service whether it accepts token: 200 means
// yes; 401 or 403 means no (ErrTokenRefused). It needs the project's
// publishable key (cfg.DSMAPIKey). hc nil means a default client.
//
// GET /auth/v1/user
func VerifyToken(ctx context.Context, cfg *Config, hc *http.Client, token string) error {
	req, err := userRequest(ctx, cfg, token)
	if err != nil {
		return err
	}

	if hc == nil {
		hc = &http.Client{Timeout: verifyTimeout}
	}

	resp, err := hc.Do(req)
	if err != nil {
		return ExplainDSM(fmt.Errorf("DSM at %s cannot be reached: %w", req.URL.Host, err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))

	return userStatus(resp.StatusCode)
}

func userRequest(ctx context.Context, cfg *Config, token string) (*http.Request, error) {
	base, err := dsmProjectURL(cfg.DSMURL)
	if err != nil {
		return nil, err
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.JoinPath(userPath).String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: DSM_URL: %w", ErrConfig, err)
	}

	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("apikey", cfg.DSMAPIKey)
	req.Header.Set("Accept", "application/json")

	return req, nil
}

// userStatus reads the answer's status.
func userStatus(code int) error {
	switch {
	case code == http.StatusOK:
		return nil
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return fmt.Errorf("%w (HTTP %d to GET %s): it is invalid, revoked or for another project, "+
			"or DSM_API_KEY is not this project's key; get a new token or use the sign-in "+
			"(DSM_EMAIL, DSM_PASSWORD)", ErrTokenRefused, code, userPath)
	}

	return fmt.Errorf("DSM answered HTTP %d to GET %s; check that DSM_URL is the project's URL "+
		"(https://<project>.supabase.co)", code, userPath)
}
