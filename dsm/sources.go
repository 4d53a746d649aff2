package dsm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// PasswordSource signs in to Supabase Auth with an email and a password,
// and signs in again shortly before each token expires or when the
// gateway refuses one. It suits a job that runs once a day. It is safe
// for concurrent use: one caller signs in while the others wait, each
// until its context ends.
type PasswordSource struct {
	auth     *authClient
	email    string
	password secret
	cache    *tokenCache
}

// NewPasswordSource returns a source that signs in to the project at
// baseURL with apiKey (the publishable or anon key) as the apikey header.
// It takes the client's options; WithHTTPClient sets the client for the
// sign-in calls. It does no I/O.
func NewPasswordSource(baseURL, apiKey, email, password string, opts ...Option) (*PasswordSource, error) {
	if strings.TrimSpace(email) == "" || password == "" {
		return nil, errors.New("dsm: password sign-in needs an email and a password")
	}

	auth, err := newAuthClient(baseURL, apiKey, opts)
	if err != nil {
		return nil, err
	}

	s := &PasswordSource{auth: auth, email: strings.TrimSpace(email), password: newSecret(password)}
	s.cache = newTokenCache(func() time.Time { return s.auth.now() }, s.signIn)

	return s, nil
}

// Token returns the current token, signing in when there is none or it
// expires within RenewBefore.
//
// POST /auth/v1/token?grant_type=password
func (s *PasswordSource) Token(ctx context.Context) (*Token, error) { return s.cache.token(ctx) }

// Renew signs in again.
//
// POST /auth/v1/token?grant_type=password
func (s *PasswordSource) Renew(ctx context.Context) (*Token, error) { return s.cache.renew(ctx) }

// String names the source without its credentials.
func (s PasswordSource) String() string { return "dsm.PasswordSource{password: " + redacted + "}" }

// GoString is String, so that %#v hides the credentials too.
func (s PasswordSource) GoString() string { return s.String() }

// signIn makes one password grant.
func (s *PasswordSource) signIn(ctx context.Context) (*Token, error) {
	ans, err := s.auth.grant(ctx, grantPassword, map[string]string{
		"email": s.email, "password": s.password.reveal(),
	})
	if err != nil {
		return nil, err
	}

	return s.auth.token(grantPassword, ans)
}

// ErrRefreshInDoubt: a refresh grant was sent but its outcome is unknown
// (the answer was lost, or the auth server failed), so the refresh token
// may be used up. RefreshSource does not send it again, because Supabase
// revokes the session when a refresh token is used twice; sign in with a
// password again for a new one.
var ErrRefreshInDoubt = errors.New("dsm: refresh grant outcome unknown")

// ErrRefreshNotSaved: a rotated refresh token could not be saved to the
// RefreshStore. The store then holds a spent token, which Supabase answers
// by revoking the session when it is used again.
var ErrRefreshNotSaved = errors.New("dsm: the new refresh token could not be saved")

// RefreshSource renews tokens with the refresh_token grant. Each grant
// uses the latest refresh token once and saves the new one to its store
// before the new access token is used, so a refresh token is never sent
// twice (Supabase revokes the session when one is). It is safe for
// concurrent use: one caller refreshes while the others wait, each until
// its context ends.
//
// When the save fails, nothing is thrown away: the source keeps the new
// refresh token and uses the new access token for the rest of the run, so
// it refreshes no more often than before, and tries the save again before
// each later Token or Renew and on Flush. The failure is not an error of
// Token, since the token works; Flush reports it. A program calls Flush
// when its run ends and reports the error, which matches
// ErrRefreshNotSaved: the store then holds a spent token, and the next run
// must sign in with a password again.
//
// A refresh grant whose outcome is unknown (its answer was lost, or the
// auth server failed with a 5xx) may have used the refresh token up. The
// source then never sends that token again, since a second use would
// revoke the session: every later Token and Renew fails at once with an
// error matching ErrRefreshInDoubt, which says to sign in with a password.
type RefreshSource struct {
	auth    *authClient
	store   RefreshStore
	refresh secret // guarded by the cache's lock, as unsaved and inDoubt are
	unsaved bool
	inDoubt error       // the refusal after a grant whose outcome is unknown
	pending atomic.Bool // unsaved, readable without the lock
	cache   *tokenCache
}

// NewRefreshSource returns a source that starts from the refresh token in
// store. It takes the client's options; WithHTTPClient sets the client for
// the refresh calls. It does no I/O.
func NewRefreshSource(baseURL, apiKey string, store RefreshStore, opts ...Option) (*RefreshSource, error) {
	if store == nil {
		return nil, errors.New("dsm: refresh source needs a store")
	}

	auth, err := newAuthClient(baseURL, apiKey, opts)
	if err != nil {
		return nil, err
	}

	s := &RefreshSource{auth: auth, store: store}
	s.cache = newTokenCache(func() time.Time { return s.auth.now() }, s.refreshOnce)

	return s, nil
}

// Token returns the current token, refreshing when there is none or it
// expires within RenewBefore. It first tries again to save a refresh
// token whose save failed.
//
// POST /auth/v1/token?grant_type=refresh_token
func (s *RefreshSource) Token(ctx context.Context) (*Token, error) {
	s.retrySave(ctx)
	return s.cache.token(ctx)
}

// Renew refreshes now, unless another caller just did. It first tries
// again to save a refresh token whose save failed.
//
// POST /auth/v1/token?grant_type=refresh_token
func (s *RefreshSource) Renew(ctx context.Context) (*Token, error) {
	s.retrySave(ctx)
	return s.cache.renew(ctx)
}

// Flush saves the latest refresh token if its save failed, and returns
// nil when the store holds it. Otherwise the error matches
// ErrRefreshNotSaved and holds the store's error: the source still works
// for this run, but the store holds a spent refresh token. Call it when a
// run ends.
func (s *RefreshSource) Flush(ctx context.Context) error {
	if err := s.cache.acquire(ctx); err != nil {
		return err
	}
	defer s.cache.release()

	return s.saveLocked(ctx)
}

// retrySave tries a failed save again; Flush reports what remains.
func (s *RefreshSource) retrySave(ctx context.Context) {
	if !s.pending.Load() || s.cache.acquire(ctx) != nil {
		return
	}
	defer s.cache.release()

	_ = s.saveLocked(ctx)
}

// saveLocked saves s.refresh when it is unsaved; the cache's lock is held.
func (s *RefreshSource) saveLocked(ctx context.Context) error {
	if !s.unsaved {
		return nil
	}

	if err := s.store.Save(ctx, s.refresh.reveal()); err != nil {
		return fmt.Errorf("%w: %w; the token in memory works for this run, but the "+
			"store holds a spent one: fix the store, and sign in with a password again "+
			"before the next run", ErrRefreshNotSaved, err)
	}

	s.unsaved = false
	s.pending.Store(false)

	return nil
}

// String names the source without its tokens.
func (s *RefreshSource) String() string {
	return "dsm.RefreshSource{refresh_token: " + redacted + "}"
}

// GoString is String, so that %#v hides the tokens too.
func (s *RefreshSource) GoString() string { return s.String() }

// refreshOnce makes one refresh grant and saves the rotated refresh token
// before handing out the access token. A failed save keeps the new pair
// (see RefreshSource).
func (s *RefreshSource) refreshOnce(ctx context.Context) (*Token, error) {
	if s.inDoubt != nil {
		return nil, s.inDoubt
	}

	rt, err := s.current(ctx)
	if err != nil {
		return nil, err
	}

	ans, err := s.auth.grant(ctx, grantRefresh, map[string]string{"refresh_token": rt})
	if de := (*inDoubtError)(nil); errors.As(err, &de) {
		s.inDoubt = fmt.Errorf("%w: %w; the refresh token was sent and may be used up, so it is "+
			"not sent again, as Supabase revokes the session when one is used twice: sign in "+
			"with a password again for a new refresh token", ErrRefreshInDoubt, err)

		return nil, s.inDoubt
	}

	if err != nil {
		return nil, err
	}

	if ans.RefreshToken != "" {
		s.refresh, s.unsaved = newSecret(ans.RefreshToken), true
		s.pending.Store(true)
		_ = s.saveLocked(ctx)
	}

	return s.auth.token(grantRefresh, ans)
}

// current is the refresh token to use next: the last one received, else
// the stored one.
func (s *RefreshSource) current(ctx context.Context) (string, error) {
	if rt := s.refresh.reveal(); rt != "" {
		return rt, nil
	}

	rt, err := s.store.Load(ctx)
	if err != nil {
		return "", fmt.Errorf("dsm: load the refresh token: %w", err)
	}

	if strings.TrimSpace(rt) == "" {
		return "", errNoRefreshToken
	}

	rt = strings.TrimSpace(rt)
	s.refresh = newSecret(rt)

	return rt, nil
}
