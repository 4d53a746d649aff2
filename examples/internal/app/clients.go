package app

import (
	"context"
	"net/http"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// logoutTimeout bounds the OME logout that ends every run, cancelled or not.
const logoutTimeout = 15 * time.Second

// Deps are what a program hands a run besides its configuration.
type Deps struct {
	// OMEHTTP is the HTTP client for OME; nil means OMEHTTPClient(cfg).
	OMEHTTP *http.Client
	// DSMHTTP is the HTTP client for DSM; nil means a default client.
	DSMHTTP *http.Client
	// DSMTokens, when not nil, gives the run's DSM tokens instead of a
	// source built from the configuration: the CLI passes its refresh
	// source, which it flushes when the run ends.
	DSMTokens dsm.TokenSource
	// UserAgent names the program and its version.
	UserAgent string
	// DSMRetry bounds the DSM client's retries; the zero value means its
	// defaults. Tests shorten the waits.
	DSMRetry dsm.RetryPolicy
	// OMERetry bounds the OME client's retries; the zero value means its
	// defaults. Tests shorten the waits.
	OMERetry ome.RetryPolicy
	// OMETimeout bounds one OME exchange of the client OMEHTTPClient
	// builds; 0 means requestTimeout. Tests shorten it.
	OMETimeout time.Duration
}

// TokenSource returns the run's DSM token source: d.DSMTokens when set,
// else DSMTokenSource of cfg.
func (d Deps) TokenSource(ctx context.Context, cfg *Config) (dsm.TokenSource, error) {
	if d.DSMTokens != nil {
		return d.DSMTokens, nil
	}

	return DSMTokenSource(ctx, cfg, d.DSMHTTP)
}

// NewOME returns the OME client of cfg. It does no I/O.
func NewOME(cfg *Config, d Deps) (*ome.Client, error) {
	hc := d.OMEHTTP
	if hc == nil {
		var err error
		if hc, err = OMEHTTPClient(cfg); err != nil {
			return nil, err
		}

		if d.OMETimeout > 0 {
			hc.Timeout = d.OMETimeout
		}
	}

	base, err := cfg.OMEBaseURL()
	if err != nil {
		return nil, err
	}

	return ome.NewClient(base,
		ome.WithCredentials(cfg.OMEUsername, cfg.OMEPassword),
		ome.WithHTTPClient(hc),
		ome.WithRetry(d.OMERetry),
		ome.WithUserAgent(d.UserAgent))
}

// NewDSM returns the DSM client of cfg with its token source. It does no I/O.
func NewDSM(cfg *Config, d Deps, ts dsm.TokenSource) (*dsm.Client, error) {
	opts := []dsm.Option{dsm.WithTokenSource(ts), dsm.WithUserAgent(d.UserAgent), dsm.WithRetry(d.DSMRetry)}
	if d.DSMHTTP != nil {
		opts = append(opts, dsm.WithHTTPClient(d.DSMHTTP))
	}

	if cfg.DSMAPIKey != "" {
		opts = append(opts, dsm.WithAPIKey(cfg.DSMAPIKey))
	}

	if cfg.DSMBatchSize > 0 {
		opts = append(opts, dsm.WithBatchSize(cfg.DSMBatchSize))
	}

	return dsm.NewClient(cfg.DSMURL, opts...)
}

// CloseOME logs out even when ctx was cancelled, waiting at most
// logoutTimeout.
func CloseOME(ctx context.Context, oc *ome.Client) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), logoutTimeout)
	defer cancel()
	_ = oc.Close(ctx)
}
