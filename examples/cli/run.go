package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/ome"
)

// dsmRetry is the DSM client's retry policy: its defaults, which tests
// shorten so that a DSM that cannot be reached fails in milliseconds.
var dsmRetry dsm.RetryPolicy

// omeRetry and omeTimeout are the OME client's retry policy and the bound
// on one exchange: the defaults (zero), which tests shorten.
var (
	omeRetry   ome.RetryPolicy
	omeTimeout time.Duration
)

// program is one invocation: its options, its outputs and its logger.
type program struct {
	opts     *options
	stdout   io.Writer
	stderr   io.Writer
	log      *slog.Logger
	terminal bool            // stderr is a terminal
	logOut   *clearingWriter // the log's writer, aware of the progress bar
	now      func() time.Time
	deps     app.Deps
	// refresh is the refresh mode's token source, flushed when the run
	// ends; nil in the other modes.
	refresh *dsm.RefreshSource
}

// run is the whole CLI behind main, with its inputs passed in so that tests
// call it directly. It returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}

	if err != nil {
		writeUsageError(stderr, args, err)

		return exitCode(err, app.StatusFailed)
	}

	if o.command == "version" {
		printVersion(stdout)

		return exitOK
	}

	p := newProgram(o, stdout, stderr)

	return p.exec(ctx)
}

func newProgram(o *options, stdout, stderr io.Writer) *program {
	p := &program{opts: o, stdout: stdout, stderr: stderr, now: time.Now, terminal: isTerminal(stderr)}
	p.logOut = &clearingWriter{w: stderr}
	p.log = newLogger(o, p.logOut)
	if o.manual == nil {
		o.cfg.Manual = p.terminal
	}

	p.deps = app.Deps{UserAgent: userAgent(), DSMRetry: dsmRetry, OMERetry: omeRetry,
		OMETimeout: omeTimeout}

	return p
}

// exec prepares the run (demo, secrets, checks, the metrics file, lock)
// and runs the command.
func (p *program) exec(ctx context.Context) int {
	stopDemo, err := p.prepare(ctx)
	defer stopDemo()

	if err != nil {
		return p.fail(err)
	}

	if err := checkMetricsFile(p.opts.metricsFile); err != nil {
		return p.fail(err)
	}

	unlock, err := acquireLock(p.opts.lockFile)
	if err != nil {
		return p.fail(err)
	}
	defer unlock()

	switch p.opts.command {
	case "check":
		return p.check(ctx)
	case "devices":
		return p.devices(ctx)
	}

	return p.sync(ctx)
}

// prepare fills in the configuration (the demo's, or the secret files'),
// checks it, and builds the HTTP clients and the DSM token source.
func (p *program) prepare(ctx context.Context) (func(), error) {
	stop := func() {}
	if p.opts.demo {
		var err error
		if stop, err = p.startDemo(ctx); err != nil {
			return stop, err
		}
	}

	if err := p.opts.readSecretFiles(); err != nil {
		return stop, fmt.Errorf("%w: %w", app.ErrConfig, err)
	}

	if p.opts.command == "devices" {
		p.opts.cfg.DryRun = true // it posts nothing, so it needs no DSM setting
	}

	if err := p.opts.cfg.Validate(); err != nil {
		return stop, err
	}

	return stop, p.connect(ctx)
}

// connect warns when OME's certificate is not verified, and builds the
// HTTP clients and the DSM token source.
func (p *program) connect(ctx context.Context) error {
	if !p.opts.cfg.OMEVerifySSL {
		p.log.Warn("OME_VERIFY_SSL (--ome-verify-ssl) is false: OME's TLS certificate is " +
			"not verified, so its identity is not proven; prefer verification with the " +
			"appliance's CA in OME_CA_CERT (--ca-cert)")
	}

	if err := p.wireHTTP(); err != nil {
		return err
	}

	if err := p.openRefresh(); err != nil {
		return err
	}

	return p.openTokens(ctx)
}

// openTokens builds the DSM token source of a run that needs one, so that
// a static token that is not a JWT, or has expired, stops sync as it
// stops check: before the run, with one line. The refresh mode's source
// is open already.
func (p *program) openTokens(ctx context.Context) error {
	if p.opts.cfg.DryRun || p.deps.DSMTokens != nil {
		return nil
	}

	ts, err := p.deps.TokenSource(ctx, &p.opts.cfg)
	if err != nil {
		return err
	}

	p.deps.DSMTokens = ts

	return nil
}

// wireHTTP builds the HTTP clients, logging each exchange at --debug.
func (p *program) wireHTTP() error {
	if p.deps.OMEHTTP == nil {
		hc, err := app.OMEHTTPClient(&p.opts.cfg)
		if err != nil {
			return err
		}

		p.deps.OMEHTTP = hc
	}

	if p.opts.debug {
		p.deps.OMEHTTP = withHTTPLog(p.deps.OMEHTTP, p.log.With("api", "ome"))
		p.deps.DSMHTTP = withHTTPLog(p.deps.DSMHTTP, p.log.With("api", "dsm"))
	}

	return nil
}

// fail logs err and returns its exit code.
func (p *program) fail(err error) int {
	p.log.Error(err.Error())

	return exitCode(err, app.StatusFailed)
}
