package app

import (
	"fmt"
	"time"

	"github.com/dsmtools/omesync/syncer"
)

// Status is how a run ended.
type Status string

// Run outcomes.
const (
	StatusOK      Status = "ok"
	StatusPartial Status = "partial"
	StatusFailed  Status = "failed"
)

// Report is what the programs print (--output json) and the Lambda returns:
// the engine's report plus how the run ended and when.
type Report struct {
	Status    Status    `json:"status"`
	Manual    bool      `json:"manual"`
	StartedAt time.Time `json:"started_at"`
	// DurationSeconds repeats the duration in seconds for readers that
	// do not parse Go durations.
	DurationSeconds float64 `json:"duration_seconds"`
	// Error says why the run failed; empty when it did not.
	Error string `json:"error,omitempty"`
	// Warnings say what went wrong without failing the run: a logout of
	// OME that failed (syncer.KindCloseFailed).
	Warnings []string `json:"warnings,omitempty"`
	syncer.Report

	// stopped is true when the run ended with an error (Error holds it).
	stopped bool
}

// CloseFailedWarning starts the warning of a run whose OME logout failed.
const CloseFailedWarning = "could not log out of OME; the session stays open until it idles out"

// NewReport wraps the engine's report (nil when the run never started)
// and the run's error.
func NewReport(r *syncer.Report, err error, manual bool, started time.Time) *Report {
	out := &Report{Manual: manual, StartedAt: started.UTC(), Status: Outcome(r, err)}
	out.stopped = err != nil
	if r != nil {
		out.Report = *r
	}

	out.DurationSeconds = out.Duration.Seconds()
	for _, p := range out.ProblemsOf(syncer.KindCloseFailed) {
		out.Warnings = append(out.Warnings, closeFailedWarning(p))
	}

	switch {
	case err != nil:
		out.Error = err.Error()
	case out.Status == StatusFailed:
		out.Error = fmt.Sprintf("no device was synced: %d failed", out.Failed+out.Unfinished)
	}

	return out
}

// Outcome classifies a run: failed when it returned an error or when devices
// failed and none was sent (DSM unreachable or refusing every batch),
// partial when the run is incomplete (devices failed, or DSM's answers
// left some unaccounted for) and others were sent, else ok. Skipped and
// filtered devices are not failures.
func Outcome(r *syncer.Report, err error) Status {
	switch {
	case err != nil || r == nil:
		return StatusFailed
	case r.Sent == 0 && r.Incomplete():
		return StatusFailed
	case r.Incomplete():
		return StatusPartial
	}

	return StatusOK
}

// Summary is the closing line of a run. Unfinished devices and records
// left unaccounted for are named only when there are some. A failed run
// says how it failed instead of an error count, which could read "errors
// 0" for a run that an error stopped.
func (r *Report) Summary() string {
	verb := "Sync"
	if r.DryRun {
		verb = "Dry run"
	}

	outcome := fmt.Sprintf("%s %s: ", verb, r.Status)
	errs := fmt.Sprintf(", errors %d", r.Failed)
	if r.Status == StatusFailed {
		outcome, errs = fmt.Sprintf("%s failed: %s; ", verb, r.failure()), ""
	}

	return fmt.Sprintf("%stotal %d, new %d, updated %d, auto-linked %d%s "+
		"(seen %d, filtered %d, skipped %d%s) in %s",
		outcome, r.Sent, r.New, r.Updated, r.AutoLinked, errs,
		r.Seen, r.Filtered, r.Skipped, r.loose(), r.Duration.Round(time.Millisecond))
}

// failure says how a failed run failed: an error stopped it, or no device
// was synced; and how many devices failed, when some did.
func (r *Report) failure() string {
	s := "no device was synced"
	if r.stopped {
		s = "stopped by an error"
	}

	if r.Failed > 0 {
		s += ", " + devicesCount(r.Failed) + " failed"
	}

	return s
}

// loose names the devices left unfinished and the records DSM's answers
// left unaccounted for, when there are any.
func (r *Report) loose() string {
	var s string
	if r.Unfinished > 0 {
		s += fmt.Sprintf(", unfinished %d", r.Unfinished)
	}

	if r.Unaccounted > 0 {
		s += fmt.Sprintf(", unaccounted %d", r.Unaccounted)
	}

	return s
}

// closeFailedWarning words a failed logout for the programs' users.
func closeFailedWarning(p syncer.Problem) string {
	if p.Err == nil {
		return CloseFailedWarning
	}

	return CloseFailedWarning + " (" + p.Err.Error() + "); a user may hold only a few " +
		"OME API sessions at once, so check them in OME if this repeats"
}
