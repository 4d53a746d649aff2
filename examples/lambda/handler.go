package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/syncer"
)

// secretResolver turns the environment into one whose secrets are filled in.
type secretResolver interface {
	resolve(ctx context.Context, getenv func(string) string) (func(string) string, error)
}

// maxDryRunRecords caps the records a dry run returns: a Lambda response
// is at most 6 MB, and a record takes some hundred bytes.
const maxDryRunRecords = 5000

// handler runs one sync per invocation.
type handler struct {
	getenv     func(string) string
	secrets    secretResolver
	log        *slog.Logger
	deps       app.Deps
	now        func() time.Time
	maxRecords int // the records a dry run returns, at most
}

func newHandler(getenv func(string) string, secrets secretResolver, log *slog.Logger) *handler {
	return &handler{
		getenv: getenv, secrets: secrets, log: log, now: time.Now,
		deps: app.Deps{UserAgent: "omesync-lambda"}, maxRecords: maxDryRunRecords,
	}
}

// response is what the function returns: the report and, for a dry run,
// what it would have sent.
type response struct {
	*app.Report
	// Records are the records a dry run would send, by device id, at most
	// maxDryRunRecords of them.
	Records []dsm.Record `json:"records,omitempty"`
	// RecordsOmitted counts the records of a dry run left out past that cap.
	RecordsOmitted int `json:"records_omitted,omitempty"`
}

// Handle runs a sync for one invocation and returns its report (with a dry
// run's records, at most h.maxRecords of them). A run that
// failed returns an error, so that Lambda's retries and alarms see it,
// with the report's summary; a partial run returns the report with status
// "partial" and logs a warning. The run stops a margin before the
// invocation's deadline (see stopBeforeDeadline), so that it still logs
// out of OME and reports.
func (h *handler) Handle(ctx context.Context, payload json.RawMessage) (*response, error) {
	started := h.now()
	ev, err := parseEvent(payload)
	if err != nil {
		return nil, err
	}

	cfg, err := h.config(ctx, ev)
	if err != nil {
		h.log.Error("bad configuration", "error", err)

		return nil, err
	}

	var lines bytes.Buffer
	rep, err := h.sync(ctx, cfg, &lines)
	report := app.NewReport(rep, err, cfg.Manual, started)
	if report, err = h.finish(report, err); err != nil {
		return nil, err
	}

	return h.respond(report, &lines)
}

// respond adds a dry run's records to the report, at most h.maxRecords.
func (h *handler) respond(r *app.Report, lines *bytes.Buffer) (*response, error) {
	out := &response{Report: r}
	if !r.DryRun {
		return out, nil
	}

	records, err := app.ReadRecords(lines)
	if err != nil {
		return nil, err
	}

	if len(records) > h.maxRecords {
		out.RecordsOmitted = len(records) - h.maxRecords
		records = records[:h.maxRecords]
		h.log.Warn(fmt.Sprintf("the response holds the first %d records of the dry run by device id; "+
			"%d more are left out (records_omitted)", h.maxRecords, out.RecordsOmitted))
	}

	out.Records = records

	return out, nil
}

// sync runs the sync, a dry run writing its records to dryRunOut, until a margin before the invocation's deadline; a
// run stopped there says so in its error.
func (h *handler) sync(ctx context.Context, cfg *app.Config, dryRunOut io.Writer) (*syncer.Report, error) {
	runCtx, cancel := stopBeforeDeadline(ctx, h.now())
	defer cancel()

	rep, err := app.Sync(runCtx, cfg, h.deps, app.RunOptions{Logger: h.log, DryRunOut: dryRunOut})
	if err != nil && errors.Is(context.Cause(runCtx), errNearTimeout) && !errors.Is(err, errNearTimeout) {
		err = fmt.Errorf("%w: %w", errNearTimeout, err)
	}

	return rep, err
}

// maxStopMargin is how long before the invocation's deadline a long run
// stops, at most; a short timeout keeps a tenth of it instead.
const maxStopMargin = 30 * time.Second

// errNearTimeout is the cause of a run stopped by stopBeforeDeadline.
var errNearTimeout = errors.New("stopped before the Lambda timeout so that it could log out of OME " +
	"and return its report; raise the function's timeout or narrow the filters")

// stopBeforeDeadline returns a context that ends a margin before the
// invocation's deadline (30 s, or a tenth of the time left when that is
// shorter), so that the run stops, logs out of OME and reports before
// Lambda ends the process. Without a deadline it only adds a cancel.
func stopBeforeDeadline(ctx context.Context, now time.Time) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}

	margin := min(maxStopMargin, deadline.Sub(now)/10)

	return context.WithDeadlineCause(ctx, deadline.Add(-margin), errNearTimeout)
}

// config reads the environment, with secrets from AWS where named.
func (h *handler) config(ctx context.Context, ev event) (*app.Config, error) {
	getenv, err := h.secrets.resolve(ctx, h.getenv)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", app.ErrConfig, err)
	}

	cfg, err := app.FromEnv(getenv)
	if err != nil {
		return nil, err
	}

	if getenv(app.EnvDSMRefreshFile) != "" {
		return nil, errRefreshFile
	}

	cfg.Manual, cfg.DryRun = ev.Manual, ev.DryRun

	return &cfg, cfg.Validate()
}

// errRefreshFile refuses the CLI's refresh mode: each refresh replaces
// the token, and a Lambda keeps no file from one run to the next.
var errRefreshFile = fmt.Errorf("%w: %s is for the CLI only: each refresh replaces the "+
	"refresh token, and a Lambda keeps no file between runs; sign in with DSM_EMAIL, "+
	"DSM_PASSWORD (or its secret) and DSM_API_KEY", app.ErrConfig, app.EnvDSMRefreshFile)

// finish logs the outcome and returns what Lambda should see.
func (h *handler) finish(r *app.Report, err error) (*app.Report, error) {
	switch r.Status {
	case app.StatusFailed:
		h.log.Error(r.Summary(), "report", r)

		if err == nil {
			err = errors.New(r.Error)
		}

		return nil, fmt.Errorf("omesync run failed: %w; %s", err, r.Summary())
	case app.StatusPartial:
		h.log.Warn(r.Summary(), "report", r)
	default:
		h.log.Info(r.Summary())
	}

	for _, w := range r.Warnings {
		h.log.Warn(w)
	}

	return r, nil
}
