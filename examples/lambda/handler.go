package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// secretResolver turns the environment into one whose secrets are filled in.
type secretResolver interface {
	resolve(ctx context.Context, getenv func(string) string) (func(string) string, error)
}

// handler runs one sync per invocation.
type handler struct {
	getenv  func(string) string
	secrets secretResolver
	log     *slog.Logger
	deps    app.Deps
	now     func() time.Time
}

func newHandler(getenv func(string) string, secrets secretResolver, log *slog.Logger) *handler {
	return &handler{
		getenv: getenv, secrets: secrets, log: log, now: time.Now,
		deps: app.Deps{UserAgent: "omesync-lambda"},
	}
}

// Handle runs a sync for one invocation and returns its report. A run that
// failed returns an error, so that Lambda's retries and alarms see it; a
// partial run returns the report with status "partial" and logs a warning.
func (h *handler) Handle(ctx context.Context, payload json.RawMessage) (*app.Report, error) {
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

	rep, err := app.Sync(ctx, cfg, h.deps, app.RunOptions{Logger: h.log})
	report := app.NewReport(rep, err, cfg.Manual, started)

	return h.finish(report, err)
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

	cfg.Manual, cfg.DryRun = ev.Manual, ev.DryRun

	return &cfg, cfg.Validate()
}

// finish logs the outcome and returns what Lambda should see.
func (h *handler) finish(r *app.Report, err error) (*app.Report, error) {
	switch r.Status {
	case app.StatusFailed:
		h.log.Error(r.Summary(), "report", r)

		if err == nil {
			err = errors.New(r.Error)
		}

		return nil, fmt.Errorf("omesync run failed: %w", err)
	case app.StatusPartial:
		h.log.Warn(r.Summary(), "report", r)
	default:
		h.log.Info(r.Summary())
	}

	return r, nil
}
