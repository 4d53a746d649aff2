package dsm

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// RenewBefore is how long before its expiry a renewing source replaces a
// token, so that a request never leaves with a token about to die. A token
// that lives less than twice as long is replaced at half its life.
const RenewBefore = 60 * time.Second

// tokenCache holds the current token of a renewing source and fetches a
// new one under a mutex, so that concurrent callers share one fetch.
type tokenCache struct {
	mu      sync.Mutex
	tok     *Token
	fetched time.Time
	gen     atomic.Uint64
	now     func() time.Time
	fetch   func(ctx context.Context) (*Token, error)
}

// token returns the current token, fetching one when it is missing or
// expires within RenewBefore.
func (c *tokenCache) token(ctx context.Context) (*Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.fresh() {
		return c.copy(), nil
	}

	return c.fetchLocked(ctx)
}

// renew fetches a new token, unless another caller did so while this one
// waited for the lock.
func (c *tokenCache) renew(ctx context.Context) (*Token, error) {
	gen := c.gen.Load()

	c.mu.Lock()
	defer c.mu.Unlock()

	if c.gen.Load() != gen && c.fresh() {
		return c.copy(), nil
	}

	return c.fetchLocked(ctx)
}

// fetchLocked gets a new token; c.mu is held.
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
