package dsm

import (
	"context"
	"time"
)

// Token is an access token and when it expires.
type Token struct {
	AccessToken string
	Expiry      time.Time
}

// TokenSource gives the access token for the next request.
type TokenSource interface {
	Token(ctx context.Context) (*Token, error)
}

// Renewer is a TokenSource that can replace a token the server refused.
type Renewer interface {
	Renew(ctx context.Context) (*Token, error)
}

// RefreshStore keeps the latest refresh token between runs.
type RefreshStore interface {
	Load(ctx context.Context) (string, error)
	Save(ctx context.Context, refreshToken string) error
}

// StaticToken returns a source for a fixed JWT, whose exp claim is read
// (not verified) so that an expired token fails early.
// TODO: implement.
func StaticToken(jwt string) (TokenSource, error) { return nil, errTODO }

// TokenExpiry reads the exp claim of a JWT without verifying it.
func TokenExpiry(jwt string) (time.Time, error) { return time.Time{}, errTODO }
