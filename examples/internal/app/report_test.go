package app

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/syncer"
)

func TestOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rep  *syncer.Report
		err  error
		want Status
	}{
		{"ok", &syncer.Report{Sent: 3}, nil, StatusOK},
		{"skipped is ok", &syncer.Report{Sent: 3, Skipped: 2, Filtered: 5}, nil, StatusOK},
		{"device failed", &syncer.Report{Sent: 3, Failed: 1}, nil, StatusPartial},
		{"unfinished", &syncer.Report{Sent: 3, Unfinished: 1}, nil, StatusPartial},
		{"unaccounted by DSM", &syncer.Report{Sent: 3, Unaccounted: 1}, nil, StatusPartial},
		{"error", &syncer.Report{Sent: 3}, errors.New("boom"), StatusFailed},
		{"no report", nil, errors.New("boom"), StatusFailed},
		{"nothing sent, all failed", &syncer.Report{Seen: 19, Failed: 19}, nil, StatusFailed},
		{"nothing sent, some skipped and failed", &syncer.Report{Skipped: 1, Failed: 2}, nil, StatusFailed},
		{"nothing to send", &syncer.Report{Seen: 3, Filtered: 3}, nil, StatusOK},
	}
	for _, tt := range tests {
		if got := Outcome(tt.rep, tt.err); got != tt.want {
			t.Errorf("%s: Outcome = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReportSummary(t *testing.T) {
	t.Parallel()
	r := NewReport(&syncer.Report{Seen: 50, Filtered: 5, Sent: 45, New: 3, Updated: 42, AutoLinked: 40,
		Duration: 1500 * time.Millisecond}, nil, true, time.Unix(0, 0))
	want := "Sync ok: total 45, new 3, updated 42, auto-linked 40, errors 0 (seen 50, filtered 5, skipped 0) in 1.5s"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() =\n%q\nwant\n%q", got, want)
	}

	if r.DurationSeconds != 1.5 || r.Error != "" || !r.Manual {
		t.Errorf("report = %+v, want 1.5 s, no error, manual", r)
	}
}

func TestNewReportSaysWhyNothingWasSynced(t *testing.T) {
	t.Parallel()
	r := NewReport(&syncer.Report{Seen: 19, Failed: 19}, nil, false, time.Unix(0, 0))
	if r.Status != StatusFailed || r.Error != "no device was synced: 19 failed" {
		t.Errorf("report status %q error %q, want failed saying none was synced", r.Status, r.Error)
	}
}

func TestReportSummaryNamesUnfinished(t *testing.T) {
	t.Parallel()
	r := NewReport(&syncer.Report{Seen: 12, Filtered: 4, Sent: 5, Unfinished: 3, Unaccounted: 1,
		Duration: time.Second}, nil, false, time.Unix(0, 0))
	want := "Sync partial: total 5, new 0, updated 0, auto-linked 0, errors 0 " +
		"(seen 12, filtered 4, skipped 0, unfinished 3, unaccounted 1) in 1s"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() =\n%q\nwant\n%q", got, want)
	}
}

// TestReportJSONDurations: the JSON report keeps "duration" in
// nanoseconds (a Go duration, as before) beside "duration_seconds", as
// the README documents.
func TestReportJSONDurations(t *testing.T) {
	t.Parallel()
	r := NewReport(&syncer.Report{Duration: 1500 * time.Millisecond}, nil, false, time.Unix(0, 0))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}

	var got struct {
		Duration        int64   `json:"duration"`
		DurationSeconds float64 `json:"duration_seconds"`
	}
	if err := json.Unmarshal(b, &got); err != nil || got.Duration != 1_500_000_000 ||
		got.DurationSeconds != 1.5 {
		t.Errorf("durations %+v (%v), want 1500000000 ns and 1.5 s", got, err)
	}
}

// TestReportSummaryOfFailedRun: a failed run's summary says how it failed
// and never "errors 0".
func TestReportSummaryOfFailedRun(t *testing.T) {
	t.Parallel()
	stop := errors.New("syncer: list devices: ome: 503")
	tests := []struct {
		rep  *syncer.Report
		err  error
		want string
	}{
		{nil, stop, "Sync failed: stopped by an error; total 0, new 0, updated 0, auto-linked 0 " +
			"(seen 0, filtered 0, skipped 0) in 0s"},
		{&syncer.Report{Seen: 19, Failed: 19, Duration: time.Second}, nil,
			"Sync failed: no device was synced, 19 devices failed; total 0, new 0, updated 0, " +
				"auto-linked 0 (seen 19, filtered 0, skipped 0) in 1s"},
		{&syncer.Report{DryRun: true, Seen: 9, Filtered: 4, Sent: 1, Failed: 1, Unfinished: 3},
			stop,
			"Dry run failed: stopped by an error, 1 device failed; total 1, new 0, updated 0, " +
				"auto-linked 0 (seen 9, filtered 4, skipped 0, unfinished 3) in 0s"},
	}
	for _, tt := range tests {
		got := NewReport(tt.rep, tt.err, false, time.Unix(0, 0)).Summary()
		if got != tt.want {
			t.Errorf("Summary() =\n%q\nwant\n%q", got, tt.want)
		}
	}
}

// TestNewReportWarnsOfFailedLogout: a failed logout is a warning of an ok
// run, not a problem line.
func TestNewReportWarnsOfFailedLogout(t *testing.T) {
	t.Parallel()
	closeErr := errors.New("ome: log out: 400 bad request")
	p := syncer.Problem{Kind: syncer.KindCloseFailed, Reason: closeErr.Error(), Err: closeErr}
	r := NewReport(&syncer.Report{Seen: 2, Sent: 2, Problems: []syncer.Problem{p}}, nil, false, time.Unix(0, 0))
	want := []string{CloseFailedWarning + " (ome: log out: 400 bad request); a user may hold only a few " +
		"OME API sessions at once, so check them in OME if this repeats"}
	if diff := cmp.Diff(want, r.Warnings); diff != "" || r.Status != StatusOK {
		t.Errorf("status %s, warnings (-want +got):\n%s", r.Status, diff)
	}

	if lines := ProblemLines(r.Problems, MaxProblemLines); len(lines) != 0 {
		t.Errorf("ProblemLines = %q, want none: the warning says it", lines)
	}
}
