package app

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/dsmtools/omesync/dsm"
)

// TokenInfo says what a program knows of its DSM token without using it.
type TokenInfo struct {
	// SignIn is true when tokens come from an email and password sign-in.
	SignIn bool
	// Expiry is when the access token dies; zero when unknown.
	Expiry time.Time
}

// DSMTokenSource returns where DSM tokens come from. A static JWT that has
// already expired (or that is not a JWT) is a configuration error, found
// here, before any OME work, with a message that says how to get a new one.
func DSMTokenSource(ctx context.Context, cfg *Config, hc *http.Client) (dsm.TokenSource, error) {
	if cfg.UsesSignIn() {
		return signInSource(cfg, hc)
	}

	ts, err := dsm.StaticToken(cfg.DSMToken)
	if err != nil {
		return nil, fmt.Errorf("%w: DSM_JWT_TOKEN: %w", ErrConfig, err)
	}

	if _, err := ts.Token(ctx); err != nil {
		return nil, fmt.Errorf("%w: the DSM token: %w", ErrConfig, err)
	}

	return ts, nil
}

// signInSource signs in with the password grant; the first sign-in is
// made by the first request, so a wrong password shows as a DSM error.
func signInSource(cfg *Config, hc *http.Client) (dsm.TokenSource, error) {
	var opts []dsm.Option
	if hc != nil {
		opts = append(opts, dsm.WithHTTPClient(hc))
	}

	ts, err := dsm.NewPasswordSource(cfg.DSMURL, cfg.DSMAPIKey, cfg.DSMEmail, cfg.DSMPassword, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return ts, nil
}

// CheckToken gets one access token from ts and reads its expiry. A
// sign-in that cannot reach DSM says what to check (ExplainDSM).
func CheckToken(ctx context.Context, cfg *Config, ts dsm.TokenSource) (TokenInfo, error) {
	tok, err := ts.Token(ctx)
	if err != nil {
		return TokenInfo{}, ExplainDSM(err)
	}

	info := TokenInfo{SignIn: cfg.UsesSignIn(), Expiry: tok.Expiry}
	if info.Expiry.IsZero() {
		if exp, err := dsm.TokenExpiry(tok.AccessToken); err == nil {
			info.Expiry = exp
		}
	}

	return info, nil
}
