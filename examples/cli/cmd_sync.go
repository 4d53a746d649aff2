package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// sync runs the sync command and writes its report.
func (p *program) sync(ctx context.Context) int {
	cfg := &p.opts.cfg
	started := p.now()
	p.log.Info(startLine(cfg), "dry_run", cfg.DryRun, "manual", cfg.Manual)

	bar := p.progressBar()
	rep, err := app.Sync(ctx, cfg, p.deps, app.RunOptions{Logger: p.log, Progress: bar.update})
	bar.finish()

	report := app.NewReport(rep, err, cfg.Manual, started)
	p.logOutcome(report, err)
	ferr := p.flushRefresh(ctx)
	if ferr != nil {
		p.log.Error(ferr.Error())
		msg := strings.TrimPrefix(ferr.Error(), app.ErrConfig.Error()+": ")
		report.Warnings = append(report.Warnings, msg)
	}

	p.writeMetrics(report)
	if werr := p.writeReport(report); werr != nil {
		p.log.Error("cannot write the report", "error", werr)
	}

	return flushedCode(exitCode(err, report.Status), ferr)
}

// flushedCode is the exit code of a run whose refresh token file could
// not be updated (ferr): exitConfig when the run itself was ok, since the
// next run would fail; else the run's own code.
func flushedCode(code int, ferr error) int {
	if ferr != nil && code == exitOK {
		return exitConfig
	}

	return code
}

// startLine names the two ends of the run, as SafeURL shows them; a dry
// run has no DSM end.
func startLine(cfg *app.Config) string {
	if cfg.DryRun {
		return "Starting dry run from OpenManage Enterprise at " + cfg.OMEURL() + "; nothing is posted to DSM"
	}

	return fmt.Sprintf("Starting sync from OpenManage Enterprise at %s to DSM at %s",
		cfg.OMEURL(), app.SafeURL(cfg.DSMURL))
}

// logOutcome logs the closing lines; the engine has logged each problem.
func (p *program) logOutcome(r *app.Report, err error) {
	if err != nil {
		p.log.Error(p.runName() + " failed: " + err.Error())
	}

	for _, w := range r.Warnings {
		p.log.Warn(w)
	}

	p.log.Info(r.Summary())
}

// runName names the command that ran, for its failure line.
func (p *program) runName() string {
	switch {
	case p.opts.command == "devices":
		return "Devices"
	case p.opts.cfg.DryRun:
		return "Dry run"
	}

	return "Sync"
}

// writeReport writes the report to stdout: the summary line and the
// problems (app.ProblemLines), or JSON.
func (p *program) writeReport(r *app.Report) error {
	if p.opts.output == "json" {
		return writeJSON(p.stdout, r)
	}

	if _, err := fmt.Fprintln(p.stdout, r.Summary()); err != nil {
		return err
	}

	for _, w := range r.Warnings {
		if _, err := fmt.Fprintln(p.stdout, "  warning: "+w); err != nil {
			return err
		}
	}

	for _, line := range app.ProblemLines(r.Problems, app.MaxProblemLines) {
		if _, err := fmt.Fprintln(p.stdout, "  "+line); err != nil {
			return err
		}
	}

	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")

	return enc.Encode(v)
}

// writeMetrics writes the Prometheus textfile when one is named; a failure
// to write it is logged, not fatal. A dry run leaves the file as it is:
// it synced nothing, so it must neither move the last-success time nor
// replace the last sync's counts.
func (p *program) writeMetrics(r *app.Report) {
	if p.opts.metricsFile == "" {
		return
	}

	if r.DryRun {
		p.log.Info("Dry run: the metrics file is left as it is", "path", p.opts.metricsFile)

		return
	}

	if err := writeMetrics(p.opts.metricsFile, r, p.now()); err != nil {
		p.log.Error("cannot write the metrics file", "path", p.opts.metricsFile, "error", err)
	}
}
