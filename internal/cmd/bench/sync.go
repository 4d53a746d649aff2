package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// syncOnce starts the simulator process for cfg.sizes[0] devices, syncs
// them once while sampling this process's memory, and writes the result
// as one JSON line on out.
func syncOnce(ctx context.Context, cfg *config, out io.Writer) error {
	n := cfg.sizes[0]
	srv, err := startChild(ctx, childArgs(cfg, "serve", n))
	if err != nil {
		return err
	}
	defer srv.stop()

	var h hello
	if err := srv.read(&h); err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "omesync-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	s, err := newSyncer(cfg, &h, dir)
	if err != nil {
		return err
	}

	conns := &connCounter{}
	res, err := measure(conns.trace(ctx), cfg, s)
	if err != nil {
		return err
	}

	res.Conns = conns.opened(h.OMEURL)

	return finish(cfg, res, srv, out)
}

// measure runs the sync once and fills what this process sees.
func measure(ctx context.Context, cfg *config, s *syncer.Syncer) (*result, error) {
	runtime.GC()
	sampler := startSampler(10 * time.Millisecond)
	cpu0 := processCPU()
	start := time.Now()

	rep, err := s.Run(ctx)
	wall := time.Since(start)
	peak := sampler.stop()
	if err != nil {
		return nil, fmt.Errorf("sync of %d devices: %w", cfg.sizes[0], err)
	}

	return &result{N: cfg.sizes[0], Report: reportOf(rep), Wall: wall, Memory: peak,
		SyncCPU: processCPU() - cpu0}, nil
}

// finish adds the simulators' counts and writes the result.
func finish(cfg *config, res *result, srv *child, out io.Writer) error {
	var st serverStats
	if err := srv.ask("stats", &st); err != nil {
		return err
	}

	if err := srv.stop(); err != nil {
		return fmt.Errorf("simulator process: %w", err)
	}

	res.fill(cfg, st, srv.cpu)

	return json.NewEncoder(out).Encode(res)
}

// newSyncer builds the clients as a user would, and the syncer.
func newSyncer(cfg *config, h *hello, dir string) (*syncer.Syncer, error) {
	oc, err := newOMEClient(cfg, h, dir)
	if err != nil {
		return nil, err
	}

	ts, err := dsm.StaticToken(h.DSMToken)
	if err != nil {
		return nil, err
	}

	dc, err := dsm.NewClient(h.DSMURL, dsm.WithTokenSource(ts))
	if err != nil {
		return nil, err
	}

	return syncer.New(syncer.OMESource(oc), syncer.DSMSink(dc),
		syncer.WithConcurrency(cfg.concurrency), syncer.WithBatchSize(cfg.batchSize))
}

// newOMEClient makes the OME client with the chosen transport.
func newOMEClient(cfg *config, h *hello, dir string) (*ome.Client, error) {
	opts := []ome.Option{ome.WithCredentials(omeUser, omePassword)}
	if cfg.pageSize > 0 {
		opts = append(opts, ome.WithPageSize(cfg.pageSize))
	}

	hc, err := omeHTTPClient(cfg.transport, []byte(h.CAPEM), dir)
	if err != nil {
		return nil, err
	}

	if hc != nil {
		opts = append(opts, ome.WithHTTPClient(hc))
	}

	return ome.NewClient(h.OMEURL, opts...)
}

// omeHTTPClient returns nil for the client's default transport, which
// then trusts the appliance's certificate through SSL_CERT_FILE (written
// in dir), or a client on a copy of http.DefaultTransport with the
// certificate pool and net/http's idle connection limits.
func omeHTTPClient(transport string, caPEM []byte, dir string) (*http.Client, error) {
	if transport == "default" {
		return nil, trustThroughEnv(caPEM, dir)
	}

	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("the simulator's certificate is not PEM")
	}

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}

	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}, nil
}

// trustThroughEnv writes the certificate to a file in dir and points
// SSL_CERT_FILE at it, before anything loads the system roots.
func trustThroughEnv(caPEM []byte, dir string) error {
	file := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(file, caPEM, 0o600); err != nil {
		return err
	}

	return os.Setenv("SSL_CERT_FILE", file)
}
