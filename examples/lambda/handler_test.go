package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

const (
	lambdaOMEPassword = "lambda-ome-pw"
	omeSecretARN      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ome-Xy12"
	dsmTokenParameter = "/omesync/dsm/token"
)

// lambdaFixture is the simulators, the AWS stand-in holding the secrets,
// and a handler whose environment names them.
type lambdaFixture struct {
	ome *omesim.Server
	dsm *dsmsim.Server
	aws *awsStandIn
	env map[string]string
}

func newLambdaFixture(t *testing.T) *lambdaFixture {
	t.Helper()
	o := omesim.Start(omesim.Config{Devices: omesim.Generate(7, 12),
		Users: map[string]string{"lambda": lambdaOMEPassword}})
	t.Cleanup(o.Close)
	d := dsmsim.Start(dsmsim.Config{})
	t.Cleanup(d.Close)

	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, o.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}

	a := startAWSStandIn(t, map[string]string{omeSecretARN: lambdaOMEPassword},
		map[string]string{dsmTokenParameter: d.IssueToken("lambda@example.com", time.Hour)})

	return &lambdaFixture{ome: o, dsm: d, aws: a, env: map[string]string{
		"OME_HOST": o.URL(), "OME_USERNAME": "lambda", "OME_CA_CERT": ca,
		"OME_PASSWORD_SECRET_ARN": omeSecretARN, "DSM_URL": d.URL(),
		"DSM_TOKEN_SSM_PARAMETER": dsmTokenParameter,
	}}
}

func (f *lambdaFixture) handler() *handler {
	return newHandler(envFunc(f.env), newAWSSecrets(f.aws.config()), slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

func TestHandlerScheduledSync(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	payload := json.RawMessage(`{"source":"aws.events","detail-type":"Scheduled Event","detail":{}}`)
	rep, err := f.handler().Handle(t.Context(), payload)
	if err != nil {
		t.Fatal(err)
	}

	if rep.Status != app.StatusOK || rep.Manual || rep.DryRun || rep.Sent == 0 || rep.Sent != len(f.dsm.Store()) {
		t.Errorf("report = status %s manual %v dry %v sent %d, store %d; want ok, scheduled, all stored",
			rep.Status, rep.Manual, rep.DryRun, rep.Sent, len(f.dsm.Store()))
	}

	audit := f.dsm.Audit()
	if len(audit) == 0 || audit[len(audit)-1].Manual {
		t.Errorf("DSM audit = %+v, want runs marked manual=false", audit)
	}

	if _, err := json.Marshal(rep); err != nil {
		t.Errorf("the report does not encode as JSON: %v", err)
	}
}

func TestHandlerManualDryRun(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	rep, err := f.handler().Handle(t.Context(), json.RawMessage(`{"manual": true, "dry_run": true}`))
	if err != nil {
		t.Fatal(err)
	}

	if !rep.Manual || !rep.DryRun || rep.Sent == 0 || f.dsm.Requests() != 0 {
		t.Errorf("report manual %v dry %v sent %d, DSM requests %d; want a manual dry run posting nothing",
			rep.Manual, rep.DryRun, rep.Sent, f.dsm.Requests())
	}

	if len(rep.Records) != rep.Sent || rep.RecordsOmitted != 0 {
		t.Errorf("dry run returned %d records, %d omitted; want the %d it would send", len(rep.Records),
			rep.RecordsOmitted, rep.Sent)
	}
}

func TestHandlerPartialReturnsReport(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	if _, err := f.handler().Handle(t.Context(), nil); err != nil {
		t.Fatal(err)
	}

	var tag string
	for k := range f.dsm.Store() {
		tag = k

		break
	}

	f.dsm.RejectTags(tag)
	rep, err := f.handler().Handle(t.Context(), nil)
	if err != nil {
		t.Fatalf("a partial run returned %v, want the report", err)
	}

	if rep.Status != app.StatusPartial || rep.Failed != 1 {
		t.Errorf("report status %v failed %d, want partial with 1 failed", rep.Status, rep.Failed)
	}
}

func TestHandlerFailedRunReturnsError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		change  map[string]string
		wantSub string
	}{
		{"wrong OME password", map[string]string{"OME_PASSWORD_SECRET_ARN": "", "OME_PASSWORD": "wrong"},
			"omesync run failed"},
		{"secret missing", map[string]string{"OME_PASSWORD_SECRET_ARN": "arn:missing"}, "ResourceNotFoundException"},
		{"no DSM URL", map[string]string{"DSM_URL": ""}, "DSM_URL"},
		{"refresh token file", map[string]string{"DSM_REFRESH_TOKEN_FILE": "/tmp/rt"},
			"for the CLI only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newLambdaFixture(t)
			for k, v := range tt.change {
				f.env[k] = v
			}

			rep, err := f.handler().Handle(t.Context(), json.RawMessage(`{"manual":true}`))
			if err == nil || rep != nil || !strings.Contains(err.Error(), tt.wantSub) {
				t.Fatalf("Handle = %v, %v; want no report and an error with %q", rep, err, tt.wantSub)
			}

			if strings.Contains(err.Error(), lambdaOMEPassword) {
				t.Errorf("the error shows the OME password")
			}
		})
	}
}

// TestHandlerStopsBeforeTheDeadline: a run that would outlast the
// invocation stops a margin before its deadline, logs out of OME and
// returns an error that carries the report's summary.
func TestHandlerStopsBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	f.ome.SlowNext("inventory", time.Minute, 1000) // each inventory read waits for the run to end
	deadline := time.Now().Add(2 * time.Second)
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()

	rep, err := f.handler().Handle(ctx, nil)
	if returned := time.Now(); !returned.Before(deadline) {
		t.Errorf("Handle returned %s after the deadline, want before it", returned.Sub(deadline))
	}

	for _, want := range []string{"before the Lambda timeout",
		"Sync failed: stopped by an error; total 0", "unfinished 8"} {
		if err == nil || rep != nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Handle = %v, %v; want no report and an error with %q", rep, err, want)
		}
	}

	if n := f.ome.OpenSessions(); n != 0 {
		t.Errorf("%d OME sessions left open, want 0 (logged out)", n)
	}
}

// TestHandlerDryRunRecordsCapped: a dry run returns the first records by
// device id up to the cap, and says how many it left out.
func TestHandlerDryRunRecordsCapped(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	all := dryRunIDs(t, f.handler())
	h := f.handler()
	h.maxRecords = 3
	got := dryRunIDs(t, h)
	if len(all.IDs) < 5 {
		t.Fatalf("the uncapped dry run returned %d records, want more than the cap", len(all.IDs))
	}

	want := dryRunResult{IDs: all.IDs[:3], Omitted: len(all.IDs) - 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capped dry run (-want +got):\n%s", diff)
	}
}

// dryRunResult is what a dry run's JSON response says of its records.
type dryRunResult struct {
	IDs     []string
	Omitted int
}

// dryRunIDs invokes a dry run and reads its JSON response as Lambda
// would send it.
func dryRunIDs(t *testing.T, h *handler) dryRunResult {
	t.Helper()
	rep, err := h.Handle(t.Context(), json.RawMessage(`{"dry_run": true}`))
	if err != nil {
		t.Fatal(err)
	}

	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}

	var got struct {
		Records []struct {
			DeviceID string `json:"device_id"`
		} `json:"records"`
		Omitted int `json:"records_omitted"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}

	out := dryRunResult{Omitted: got.Omitted}
	for _, r := range got.Records {
		out.IDs = append(out.IDs, r.DeviceID)
	}

	if !slices.IsSorted(out.IDs) {
		t.Errorf("records are not ordered by device id: %v", out.IDs)
	}

	return out
}

// TestHandlerLogoutFailureIsAWarning: a failed OME logout after the work
// is a warning in the report, not a failed invocation.
func TestHandlerLogoutFailureIsAWarning(t *testing.T) {
	t.Parallel()
	f := newLambdaFixture(t)
	f.ome.FailNext("logout", 400, 10)
	rep, err := f.handler().Handle(t.Context(), nil)
	if err != nil {
		t.Fatalf("Handle error = %v, want the report", err)
	}

	if rep.Status != app.StatusOK || len(rep.Warnings) != 1 ||
		!strings.HasPrefix(rep.Warnings[0], app.CloseFailedWarning) {
		t.Errorf("report status %s warnings %q; want ok with the logout warning", rep.Status, rep.Warnings)
	}
}
