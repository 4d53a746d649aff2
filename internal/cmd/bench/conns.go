package main

import (
	"context"
	"net/http/httptrace"
	"net/url"
	"sync"
)

// connCounter counts the connections a run opens, per remote address.
type connCounter struct {
	mu     sync.Mutex
	byAddr map[string]int64
}

// trace returns ctx with a client trace that counts every connection
// that was not reused; the clients pass ctx on to each request.
func (c *connCounter) trace(ctx context.Context) context.Context {
	c.byAddr = map[string]int64{}

	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused || info.Conn == nil {
				return
			}

			c.mu.Lock()
			defer c.mu.Unlock()

			c.byAddr[info.Conn.RemoteAddr().String()]++
		},
	})
}

// opened returns the connections opened to the host of rawURL.
func (c *connCounter) opened(rawURL string) int64 {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0
	}

	c.mu.Lock()
	defer c.mu.Unlock()

	return c.byAddr[u.Host]
}
