package dsm

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Token is an access token and when it expires. A zero Expiry means the
// expiry is unknown.
type Token struct {
	// AccessToken is the JWT sent as the bearer token.
	AccessToken string
	// Expiry is when the token stops being accepted; zero when unknown.
	Expiry time.Time
}

// TokenSource gives the access token for the next request.
type TokenSource interface {
	Token(ctx context.Context) (*Token, error)
}

// Renewer is a TokenSource that can replace a token the server refused.
// The client renews through it once when the gateway answers 401.
type Renewer interface {
	TokenSource
	Renew(ctx context.Context) (*Token, error)
}

// RefreshStore keeps the latest refresh token between runs.
type RefreshStore interface {
	Load(ctx context.Context) (string, error)
	Save(ctx context.Context, refreshToken string) error
}

// ErrNotJWT: a token given as a JWT is not one (three base64url parts
// with a JSON claims object).
var ErrNotJWT = errors.New("dsm: token is not a jwt")

// staticSource serves one fixed token until its exp passes.
type staticSource struct {
	token secret
	exp   time.Time
	now   func() time.Time
}

// StaticToken returns a source for a fixed JWT, whose exp claim is read
// (not verified) so that an expired token fails early: its Token method
// returns ErrTokenExpired once exp has passed. A JWT without exp is taken
// as never expiring. Surrounding space and a leading "Bearer " scheme, in
// any case, are removed; what is left must not be empty (an error
// matching ErrNotJWT that says no token was given). The source cannot
// renew, so a 401 ends the call.
func StaticToken(jwt string) (TokenSource, error) {
	jwt = trimBearer(jwt)
	if strings.EqualFold(jwt, "bearer") {
		jwt = ""
	}

	exp, err := TokenExpiry(jwt)
	if err != nil && !errors.Is(err, ErrNoExpiry) {
		return nil, err
	}

	return &staticSource{token: newSecret(jwt), exp: exp, now: time.Now}, nil
}

// trimBearer removes surrounding space and an authorization scheme
// "Bearer" in any case, as pasted from a header or an HTTP tool.
func trimBearer(s string) string {
	s = strings.TrimSpace(s)
	const scheme = "bearer"
	if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) &&
		(s[len(scheme)] == ' ' || s[len(scheme)] == '\t') {
		s = strings.TrimSpace(s[len(scheme):])
	}

	return s
}

// Token returns the token, or ErrTokenExpired once its exp has passed.
func (s *staticSource) Token(context.Context) (*Token, error) {
	if !s.exp.IsZero() && !s.now().Before(s.exp) {
		return nil, expiredError(s.exp)
	}

	return &Token{AccessToken: s.token.reveal(), Expiry: s.exp}, nil
}

// expiredError says when the token died and how to get a new one.
func expiredError(exp time.Time) error {
	return fmt.Errorf("%w at %s; sign in to DSM again for a new token, "+
		"or use the password sign-in option so that omesync renews tokens itself",
		ErrTokenExpired, exp.UTC().Format(time.RFC3339))
}

// errNoToken is the error of an empty or blank token.
var errNoToken = fmt.Errorf("%w: no token was given (it is empty): sign in to DSM for "+
	"an access token (a JWT), or use NewPasswordSource or NewRefreshSource so that "+
	"the client signs in itself", ErrNotJWT)

// ErrNoExpiry: the JWT has no exp claim, so when it expires is unknown.
var ErrNoExpiry = errors.New("dsm: jwt has no exp claim")

// TokenExpiry reads the exp claim of a JWT without verifying it. A JWT
// without one gives ErrNoExpiry; a token that is not a JWT, ErrNotJWT,
// and a blank one an ErrNotJWT that says no token was given.
func TokenExpiry(jwt string) (time.Time, error) {
	if strings.TrimSpace(jwt) == "" {
		return time.Time{}, errNoToken
	}

	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return time.Time{}, fmt.Errorf("%w: it has %d dot-separated parts, not 3", ErrNotJWT, len(parts))
	}

	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: its claims are not base64url", ErrNotJWT)
	}

	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		return time.Time{}, fmt.Errorf("%w: its claims are not a json object", ErrNotJWT)
	}

	return expTime(claims.Exp)
}

// expTime converts an exp claim in Unix seconds.
func expTime(n *json.Number) (time.Time, error) {
	if n == nil {
		return time.Time{}, ErrNoExpiry
	}

	secs, err := n.Float64()
	if err != nil || secs <= 0 || secs > 1e11 {
		return time.Time{}, fmt.Errorf("%w: its exp claim is not a unix time", ErrNotJWT)
	}

	return time.Unix(int64(secs), 0), nil
}

// String shows the expiry but never the token.
func (t Token) String() string {
	return "dsm.Token{AccessToken: [redacted], Expiry: " + t.Expiry.UTC().Format(time.RFC3339) + "}"
}

// GoString is String, so that %#v hides the token too.
func (t Token) GoString() string { return t.String() }

// Format writes String whatever the verb, so that no verb (%d, %x)
// shows the token either.
func (t Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue is what log/slog writes for a Token, in text and JSON alike:
// its expiry, never the token.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_token", "[redacted]"),
		slog.Time("expiry", t.Expiry))
}

// String names the source without its token.
func (s staticSource) String() string {
	return "dsm.StaticToken{" + Token{Expiry: s.exp}.String() + "}"
}

// GoString is String, so that %#v hides the token too.
func (s staticSource) GoString() string { return s.String() }
