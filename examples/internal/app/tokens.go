package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/dsmtools/omesync/dsm"
)

// TokenInfo says what a program knows of its DSM token without using it.
type TokenInfo struct {
	// SignIn is true when tokens come from an email and password sign-in.
	SignIn bool
	// Refresh is true when tokens come from a refresh token file.
	Refresh bool
	// Expiry is when the access token dies; zero when unknown.
	Expiry time.Time
}

// DSMTokenSource returns where DSM tokens come from. A static JWT that has
// already expired (or that is not a JWT) is a configuration error, found
// here, before any OME work, with a message that says how to get a new one.
// A refresh token file is read through a dsm.FileStore; a program that
// wants to flush the source or check the file builds its own with
// NewRefreshSource and passes it in Deps.DSMTokens.
func DSMTokenSource(ctx context.Context, cfg *Config, hc *http.Client) (dsm.TokenSource, error) {
	switch {
	case cfg.UsesSignIn():
		return signInSource(cfg, hc)
	case cfg.UsesRefresh():
		return NewRefreshSource(cfg, hc, dsm.FileStore{Path: cfg.DSMRefreshFile})
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
	ts, err := dsm.NewPasswordSource(cfg.DSMURL, cfg.DSMAPIKey, cfg.DSMEmail, cfg.DSMPassword,
		authOptions(hc)...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return ts, nil
}

// NewRefreshSource returns the source of the refresh mode: it starts from
// the refresh token in store and saves each rotated one there before the
// new access token is used. The first refresh is made by the first
// request. The program calls its Flush when the run ends.
func NewRefreshSource(cfg *Config, hc *http.Client,
	store dsm.RefreshStore) (*dsm.RefreshSource, error) {
	rs, err := dsm.NewRefreshSource(cfg.DSMURL, cfg.DSMAPIKey, store, authOptions(hc)...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return rs, nil
}

// authOptions are the options of a renewing source: its HTTP client, when
// the program gives one.
func authOptions(hc *http.Client) []dsm.Option {
	if hc == nil {
		return nil
	}

	return []dsm.Option{dsm.WithHTTPClient(hc)}
}

// CheckToken gets one access token from ts and reads its expiry. A
// sign-in that cannot reach DSM says what to check (ExplainDSM).
func CheckToken(ctx context.Context, cfg *Config, ts dsm.TokenSource) (TokenInfo, error) {
	tok, err := ts.Token(ctx)
	if err != nil {
		return TokenInfo{}, ExplainDSM(err)
	}

	info := TokenInfo{SignIn: cfg.UsesSignIn(), Refresh: cfg.UsesRefresh(), Expiry: tok.Expiry}
	if info.Expiry.IsZero() {
		if exp, err := dsm.TokenExpiry(tok.AccessToken); err == nil {
			info.Expiry = exp
		}
	}

	return info, nil
}

// RefreshAdvice is what to do when the refresh token cannot be used any
// more: put a fresh one in the file, or sign in with a password instead.
const RefreshAdvice = "put a fresh refresh token in the file of --dsm-refresh-token-file " +
	"(DSM_REFRESH_TOKEN_FILE), or sign in with DSM_EMAIL, DSM_PASSWORD and DSM_API_KEY instead"

// refreshCodes are the auth server's error codes for a refresh token
// that is spent, unknown or whose session has ended.
var refreshCodes = []string{"refresh_token_already_used", "refresh_token_not_found",
	"session_not_found", "session_expired"}

// refreshSpent reports whether err says the refresh token cannot be used:
// a refresh whose outcome is unknown (dsm.ErrRefreshInDoubt), or the auth
// server's refusal of the token (400 refresh_token_already_used, or an
// invalid refresh token).
func refreshSpent(err error) bool {
	if errors.Is(err, dsm.ErrRefreshInDoubt) {
		return true
	}

	var ae *dsm.APIError
	if !errors.Is(err, dsm.ErrUnauthorized) || !errors.As(err, &ae) {
		return false
	}

	for _, code := range refreshCodes {
		if strings.EqualFold(ae.Code, code) {
			return true
		}
	}

	return strings.Contains(strings.ToLower(ae.Message), "refresh token")
}
