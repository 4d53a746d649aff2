package dsm

import (
	"context"
	"errors"
	"net/http"
	"time"
)

var errTODO = errors.New("dsm: not implemented yet")

// Client posts server records to DSM's openmanage-sync function.
// TODO: everything behind these signatures.
type Client struct{}

// Option configures a Client.
type Option func(*Client) error

// RetryPolicy bounds retries of 500, 503 and 504.
type RetryPolicy struct {
	MaxRetries int
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

// NewClient returns a client for the DSM project at baseURL. It does no I/O.
func NewClient(baseURL string, opts ...Option) (*Client, error) { return nil, errTODO }

// WithHTTPClient uses a copy of hc for every request.
func WithHTTPClient(hc *http.Client) Option { return nil }

// WithTokenSource sets where access tokens come from.
func WithTokenSource(ts TokenSource) Option { return nil }

// WithAPIKey sends the project's publishable (anon) key as the apikey header.
func WithAPIKey(key string) Option { return nil }

// WithBatchSize sets how many records one request carries.
func WithBatchSize(n int) Option { return nil }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return nil }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return nil }

// Requests returns how many HTTP requests the client has sent.
func (c *Client) Requests() int64 { return 0 }

// Post sends one request as it is: no batching, with token renewal on 401
// and retries of 500, 503 and 504.
//
// POST /functions/v1/openmanage-sync
func (c *Client) Post(ctx context.Context, req *SyncRequest) (*SyncResponse, error) {
	return nil, errTODO
}

// Sync sends req.Devices in batches, splits a batch that hits a resource
// limit (546), and aggregates the answers. The result is never nil; the
// error is non-nil when a batch still failed.
//
// POST /functions/v1/openmanage-sync
func (c *Client) Sync(ctx context.Context, req *SyncRequest) (*SyncResult, error) {
	return nil, errTODO
}
