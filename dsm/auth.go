package dsm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// AuthPath is the path of the Supabase Auth token endpoint below the
// project URL.
const AuthPath = "/auth/v1/token"

// authClient calls the Supabase Auth token endpoint.
type authClient struct {
	tokenURL  string
	apiKey    secret
	hc        *http.Client
	userAgent string
	now       func() time.Time
}

// newAuthClient takes the same options as NewClient; only WithHTTPClient
// and WithUserAgent matter here.
func newAuthClient(baseURL, apiKey string, opts []Option) (*authClient, error) {
	c, err := NewClient(baseURL, opts...)
	if err != nil {
		return nil, err
	}

	return &authClient{
		tokenURL:  c.base.JoinPath(AuthPath).String(),
		apiKey:    newSecret(apiKey),
		hc:        c.hc,
		userAgent: c.userAgent,
		now:       time.Now,
	}, nil
}

// authAnswer is the token endpoint's answer.
type authAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	ExpiresAt    int64  `json:"expires_at"`
	RefreshToken string `json:"refresh_token"`
}

// grant asks the token endpoint for a token with the given grant type.
// A failure after which the server may have acted on the grant is an
// *inDoubtError.
// TODO: retry a password grant that failed with a 5xx or a transport error.
//
// POST /auth/v1/token?grant_type=...
func (a *authClient) grant(ctx context.Context, grantType string, body any) (*authAnswer, error) {
	req, err := a.newRequest(ctx, grantType, body)
	if err != nil {
		return nil, err
	}

	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("dsm: %s grant not sent: %w", grantType, err)
	}

	resp, err := a.hc.Do(req)
	if err != nil {
		err = fmt.Errorf("dsm: %s grant: %w", grantType, err)
		if notSent(err) {
			return nil, err
		}

		return nil, &inDoubtError{err: err}
	}
	defer resp.Body.Close()

	ans, err := readAuthAnswer(resp, grantType)
	if err != nil && (resp.StatusCode < 400 || resp.StatusCode >= 500) {
		return nil, &inDoubtError{err: err}
	}

	return ans, err
}

// inDoubtError is a grant that may have reached the auth server and been
// acted on although no usable answer came back: the answer was lost (a
// transport error once the request may have left), the server failed
// (5xx), or it answered 200 without a token.
type inDoubtError struct{ err error }

func (e *inDoubtError) Error() string { return e.err.Error() }
func (e *inDoubtError) Unwrap() error { return e.err }

// notSent reports whether a transport error came before the request
// could leave: a name that did not resolve, a connection that could not
// be made, a TLS handshake that failed.
func notSent(err error) bool {
	var (
		dns *net.DNSError
		op  *net.OpError
	)

	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") || isTLSFailure(err)
}

// newRequest builds the POST for a grant.
func (a *authClient) newRequest(ctx context.Context, grantType string, body any) (*http.Request, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("dsm: encode %s grant: %w", grantType, err)
	}

	u := a.tokenURL + "?grant_type=" + grantType
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(buf))
	if err != nil {
		return nil, fmt.Errorf("dsm: build %s grant: %w", grantType, err)
	}

	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", a.userAgent)
	if key := a.apiKey.reveal(); key != "" {
		req.Header.Set("apikey", key)
	}

	return req, nil
}

// readAuthAnswer decodes a 200 answer or builds the error for another.
func readAuthAnswer(resp *http.Response, grantType string) (*authAnswer, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	if err != nil {
		return nil, fmt.Errorf("dsm: read %s grant answer: %w", grantType, err)
	}

	if resp.StatusCode != http.StatusOK {
		return nil, authRefused(grantType, newAPIError(resp, body))
	}

	var ans authAnswer
	if !looksLikeJSON(body) || json.Unmarshal(body, &ans) != nil || ans.AccessToken == "" {
		e := newAPIError(resp, body)
		e.notJSON, e.Excerpt = true, excerpt(body)

		return nil, fmt.Errorf("dsm: %s grant answer holds no access token: %w", grantType, e)
	}

	return &ans, nil
}

// authRefused wraps a refusal of the auth server; a 4xx means the
// credentials are no good, which is ErrUnauthorized.
func authRefused(grantType string, ae *APIError) error {
	if ae.StatusCode >= 500 {
		return fmt.Errorf("dsm: %s grant: %w", grantType, ae)
	}

	ae.Hint = grantHint(grantType)

	return fmt.Errorf("%w: %s grant refused: %w", ErrUnauthorized, grantType, ae)
}

// grantHint says what to do when a grant is refused.
func grantHint(grantType string) string {
	if grantType == grantRefresh {
		return "the refresh token is used up or revoked; sign in with a password again"
	}

	return "check the email, the password and the project's apikey"
}

// Grant types of the token endpoint.
const (
	grantPassword = "password"
	grantRefresh  = "refresh_token"
)

// MaxTokenLifetime is the longest an access token is taken to live: the
// longest lifetime Supabase Auth can be configured to give (1 week). An
// answer that says more (a misconfigured or broken server, or an
// expires_in so large that it overflows) is capped at it, so the token is
// still renewed in time.
const MaxTokenLifetime = 7 * 24 * time.Hour

// token turns an answer into a Token: the first of expires_at, expires_in
// and the JWT's exp claim that the answer holds says when it expires,
// capped at MaxTokenLifetime from now. An expiry that is not after now (a
// negative expires_in, an expires_at or exp in the past) is an error
// matching ErrTokenExpired: such a token cannot be used, and taking it
// would make every call grant again.
func (a *authClient) token(grantType string, ans *authAnswer) (*Token, error) {
	now := a.now()
	field, exp, ok := ans.expiry(now)
	if !ok {
		return &Token{AccessToken: ans.AccessToken}, nil
	}

	if !exp.After(now) {
		return nil, fmt.Errorf("%w: the %s grant answer's %s says the new token expires at %s, "+
			"not after now (%s): check this machine's clock and the auth server",
			ErrTokenExpired, grantType, field, exp.UTC().Format(time.RFC3339),
			now.UTC().Format(time.RFC3339))
	}

	return &Token{AccessToken: ans.AccessToken, Expiry: exp}, nil
}

// expiry reads the first expiry the answer holds, capped at
// MaxTokenLifetime from now without overflowing, and names its field.
func (ans *authAnswer) expiry(now time.Time) (string, time.Time, bool) {
	latest := now.Add(MaxTokenLifetime)
	maxSecs := int64(MaxTokenLifetime / time.Second)
	switch {
	case ans.ExpiresAt != 0:
		if ans.ExpiresAt > now.Unix()+maxSecs {
			return "expires_at", latest, true
		}

		return "expires_at", time.Unix(ans.ExpiresAt, 0), true
	case ans.ExpiresIn != 0:
		secs := max(min(ans.ExpiresIn, maxSecs), -1) // -1: negative, without overflowing
		return "expires_in", now.Add(time.Duration(secs) * time.Second), true
	}

	exp, err := TokenExpiry(ans.AccessToken)
	if err != nil {
		return "", time.Time{}, false
	}

	if exp.After(latest) {
		exp = latest
	}

	return "exp claim", exp, true
}

// errNoRefreshToken: the store holds nothing to refresh with.
var errNoRefreshToken = errors.New("dsm: no refresh token is stored; sign in with a password first")
