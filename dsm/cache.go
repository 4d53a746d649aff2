package dsm

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// RenewBefore is how long before its expiry a renewing source replaces a
// token, so that a request never leaves with a token about to die. A token
// that lives less than twice as long is replaced at half its life.
const RenewBefore = 60 * time.Second

// tokenCache holds the current token of a renewing source and fetches a
// new one while holding its lock, so that concurrent callers share one
// fetch. The lock is a channel with room for one value: a caller holds it
// while its value is in the channel, and a caller waiting for it gives up
// when its context ends, also while another caller's sign-in is under way.
type tokenCache struct {
	lock    chan struct{}
	tok     *Token // guarded by lock
	fetched time.Time
	gen     atomic.Uint64
	now     func() time.Time
	fetch   func(ctx context.Context) (*Token, error)
}

// errNoCache is the error of a source whose constructor did not run.
var errNoCache = fmt.Errorf("%w: a token source not made by NewPasswordSource or "+
	"NewRefreshSource has nothing to sign in with; make it with one of them",
	ErrNotConfigured)

// newTokenCache returns a cache that fetches with fetch.
func newTokenCache(now func() time.Time, fetch func(context.Context) (*Token, error)) *tokenCache {
	return &tokenCache{lock: make(chan struct{}, 1), now: now, fetch: fetch}
}

// acquire takes the lock, or returns the context's error when ctx ends
// first or has already ended.
func (c *tokenCache) acquire(ctx context.Context) error {
	if c == nil {
		return errNoCache
	}

	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dsm: no token fetched, as the context has ended: %w", err)
	}

	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("dsm: waiting for another caller's token fetch: %w", ctx.Err())
	}
}

// release gives the lock back.
func (c *tokenCache) release() { <-c.lock }

// token returns the current token, fetching one when it is missing or
// expires within RenewBefore.
func (c *tokenCache) token(ctx context.Context) (*Token, error) {
	if err := c.acquire(ctx); err != nil {
		return nil, err
	}
	defer c.release()

	if c.fresh() {
		return c.copy(), nil
	}

	return c.fetchLocked(ctx)
}

// renew fetches a new token, unless another caller did so while this one
// waited for the lock.
func (c *tokenCache) renew(ctx context.Context) (*Token, error) {
	if c == nil {
		return nil, errNoCache
	}

	gen := c.gen.Load()
	if err := c.acquire(ctx); err != nil {
		return nil, err
	}
	defer c.release()

	if c.gen.Load() != gen && c.fresh() {
		return c.copy(), nil
	}

	return c.fetchLocked(ctx)
}

// fetchLocked gets a new token; the lock is held.
func (c *tokenCache) fetchLocked(ctx context.Context) (*Token, error) {
	tok, err := c.fetch(ctx)
	if err != nil {
		return nil, err
	}

	c.tok, c.fetched = tok, c.now()
	c.gen.Add(1)

	return c.copy(), nil
}

// fresh reports whether the token lives longer than RenewBefore.
func (c *tokenCache) fresh() bool {
	if c.tok == nil {
		return false
	}

	if c.tok.Expiry.IsZero() {
		return true
	}

	margin := min(RenewBefore, c.tok.Expiry.Sub(c.fetched)/2)

	return c.now().Add(margin).Before(c.tok.Expiry)
}

func (c *tokenCache) copy() *Token {
	t := *c.tok
	return &t
}
