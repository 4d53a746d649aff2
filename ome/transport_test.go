package ome

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDefaultTransportKeepsConnections reads the appliance info in rounds
// of four concurrent calls through a client made without WithHTTPClient:
// the connections of the first round serve every later round. With
// net/http's 2 idle connections per host, each round would open 2 more.
func TestDefaultTransportKeepsConnections(t *testing.T) {
	t.Parallel()
	const workers, rounds = 4, 5
	var opened atomic.Int64
	gate := newBarrier(workers)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gate.wait()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"Version": "4.1.0"})
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	c, err := NewClient(srv.URL, WithCredentials(testUser, testPassword), WithBasicAuth(),
		WithInsecureHTTP())
	if err != nil {
		t.Fatal(err)
	}

	for range rounds {
		infoConcurrently(t, c, workers)
	}

	if got := opened.Load(); got != workers {
		t.Errorf("%d connections opened for %d rounds of %d calls; want %d",
			got, rounds, workers, workers)
	}
}

// infoConcurrently calls Info n times at once and waits for all of them.
func infoConcurrently(t *testing.T, c *Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Info(t.Context()); err != nil {
				t.Error(err)
			}
		}()
	}

	wg.Wait()
}

// barrier holds each caller until n are waiting (or a second has passed),
// so that n requests are in flight at once.
type barrier struct {
	mu      sync.Mutex
	n, seen int
	open    chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, open: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.seen++
	ch := b.open
	if b.seen%b.n == 0 {
		close(b.open)
		b.open = make(chan struct{})
	}
	b.mu.Unlock()

	select {
	case <-ch:
	case <-time.After(time.Second):
	}
}
