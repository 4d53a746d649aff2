package main

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// TestSyncEndToEnd runs the CLI against both simulators and compares the
// DSM store with the records written by hand from MAPPING.md.
func TestSyncEndToEnd(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "--output", "json", "--manual=false")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	if diff := cmp.Diff(wantStore(), s.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	var rep app.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, stdout)
	}

	got := [...]int{rep.Seen, rep.Filtered, rep.Skipped, rep.Sent, rep.New, rep.AutoLinked, rep.Failed}
	if want := [...]int{4, 1, 1, 2, 2, 1, 0}; got != want || rep.Status != app.StatusOK || rep.Manual {
		t.Errorf("report seen/filtered/skipped/sent/new/linked/failed = %v status %s manual %v, want %v ok false",
			got, rep.Status, rep.Manual, want)
	}

	if s.ome.OpenSessions() != 0 {
		t.Errorf("%d OME sessions left open, want 0 (logged out)", s.ome.OpenSessions())
	}
}

func TestSyncTextLogAndSummary(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	if !strings.HasPrefix(stdout, "Sync ok: total 2, new 2, updated 0, auto-linked 1, errors 0") {
		t.Errorf("stdout = %q, want the summary", stdout)
	}

	if !strings.Contains(stdout, "\n  device 10104 (esx-c03.example.com") {
		t.Errorf("stdout lacks the skipped device:\n%s", stdout)
	}

	for _, want := range []string{"] Retrieved 4 devices from OpenManage Enterprise", "unusable-service-tag"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("log lacks %q:\n%s", want, stderr)
		}
	}

	retrieved, finished := strings.Index(stderr, "] Retrieved 4"), strings.Index(stderr, "] sync finished")
	if retrieved < 0 || finished < 0 || retrieved > finished {
		t.Errorf("the listing's line is not logged before the sync finished:\n%s", stderr)
	}
}

func TestSyncPartialExits3(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	s.dsm.RejectTags("E2ETAG2")
	code, stdout, stderr := runCLI(t, s.env)
	if code != exitPartial {
		t.Fatalf("exit %d, want 3; stderr:\n%s", code, stderr)
	}

	if !strings.HasPrefix(stdout, "Sync partial:") || !strings.Contains(stdout, "errors 1") {
		t.Errorf("stdout = %q, want a partial summary with 1 error", stdout)
	}

	if _, ok := s.dsm.Store()["E2ETAG1"]; !ok {
		t.Errorf("E2ETAG1 not stored; one refused device must not sink the others")
	}
}

func TestSyncFailedExits1(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, _, stderr := runCLI(t, s.with(map[string]string{"OME_PASSWORD": "wrong-password"}))
	if code != exitFailed {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}

	if !strings.Contains(stderr, "Sync failed") || len(s.dsm.Store()) != 0 {
		t.Errorf("want a failure line and nothing in DSM; store %v, stderr:\n%s", s.dsm.Store(), stderr)
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantSub string
	}{
		{"no OME host", s.with(map[string]string{"OME_HOST": ""}), nil, "OME_HOST"},
		{"no DSM credentials", s.with(map[string]string{"DSM_JWT_TOKEN": ""}), nil, "DSM_JWT_TOKEN"},
		{"bad flag", s.env, []string{"--bogus"}, "bogus"},
		{"bad regexp", s.env, []string{"--name-regexp", "("}, "--name-regexp"},
		{"missing secret file", s.env, []string{"--ome-password-file", "/nonexistent/pw"},
			"--ome-password-file: /nonexistent/pw does not exist"},
		{"missing CA bundle", s.with(map[string]string{"OME_CA_CERT": "/nonexistent/ca.pem"}), nil, "CA bundle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCLI(t, tt.env, tt.args...)
			if code != exitConfig || !strings.Contains(stderr, tt.wantSub) {
				t.Errorf("exit %d, want 2 with %q; stderr:\n%s", code, tt.wantSub, stderr)
			}
		})
	}
}

func TestExpiredTokenStopsBeforeOME(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	expired := s.dsm.IssueToken(testDSMEmail, -time.Minute)
	for _, cmd := range []string{"sync", "check"} {
		code, stdout, stderr := runCLI(t, s.with(map[string]string{"DSM_JWT_TOKEN": expired}), cmd)
		if code != exitConfig || !strings.Contains(stderr, "sign in to DSM again") {
			t.Errorf("%s: exit %d, want 2 saying how to get a new token; stderr:\n%s", cmd, code, stderr)
		}

		if strings.Contains(stdout+stderr, expired) {
			t.Errorf("%s: the output shows the token", cmd)
		}
	}

	if n := s.ome.Logins(); n != 0 {
		t.Errorf("OME logins = %d, want 0: an expired token must stop the run first", n)
	}
}

func TestTLSVerification(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	checkExits(t, []string{"--dry-run"}, []exitCase{
		{"verify without the CA", s.with(map[string]string{"OME_CA_CERT": ""}), exitFailed,
			"cannot verify the TLS certificate of OME"},
		{"verify with the CA", s.env, exitOK, ""},
		{"verification off", s.with(map[string]string{"OME_CA_CERT": "", "OME_VERIFY_SSL": "false"}), exitOK,
			"WARN: OME_VERIFY_SSL (--ome-verify-ssl) is false"},
	})
}

func TestDryRunPostsNothing(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "--dry-run")
	if code != exitOK || !strings.HasPrefix(stdout, "Dry run ok: total 2") {
		t.Fatalf("exit %d stdout %q, want 0 and a dry-run summary; stderr:\n%s", code, stdout, stderr)
	}

	if s.dsm.Requests() != 0 || len(s.dsm.Store()) != 0 {
		t.Errorf("DSM saw %d requests, store %v; want none", s.dsm.Requests(), s.dsm.Store())
	}
}

func TestBatchSizeFlag(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, _, stderr := runCLI(t, s.env, "--batch-size", "1", "--concurrency", "1")
	if code != exitOK || s.dsm.Requests() != 2 {
		t.Errorf("exit %d, %d DSM requests; want 0 and one request per record (2); stderr:\n%s",
			code, s.dsm.Requests(), stderr)
	}
}

// TestSyncNothingSyncedExits1: when DSM refuses or cannot be reached for
// every device, the run failed (exit 1), and each batch error is listed
// once with the number of devices it hit.
func TestSyncNothingSyncedExits1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		prepare  func(*sims) map[string]string
		wantLine string
	}{
		{"DSM refuses every device", func(s *sims) map[string]string {
			s.dsm.RejectTags("E2ETAG1", "E2ETAG2")

			return s.env
		}, "rejected: the sink refused it"},
		{"DSM unreachable", func(s *sims) map[string]string {
			return s.with(map[string]string{"DSM_URL": "http://127.0.0.1:1"})
		}, "  2 devices: batch failed: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startSims(t, handDevices())
			code, stdout, stderr := runCLI(t, tt.prepare(s))
			if code != exitFailed {
				t.Fatalf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}

			failed := strings.HasPrefix(stdout, "Sync failed: ") &&
				strings.Contains(stdout, ", 2 devices failed; total 0, ")
			if !failed || !strings.Contains(stdout, tt.wantLine) {
				t.Errorf("stdout = %q, want a failed summary and %q", stdout, tt.wantLine)
			}

			if n := strings.Count(stdout, "batch failed"); n > 1 {
				t.Errorf("the batch error is printed %d times, want once:\n%s", n, stdout)
			}
		})
	}
}

// TestFailureNamesTheCommand: the failure line names the command that ran.
func TestFailureNamesTheCommand(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	noOME := s.with(map[string]string{"OME_HOST": "127.0.0.1:1"}) // nothing listens on port 1
	checkExits(t, []string{"devices"}, []exitCase{
		{"devices", noOME, exitFailed, "ERROR: Devices failed: "},
	})
	checkExits(t, []string{"--dry-run"}, []exitCase{
		{"dry run", noOME, exitFailed, "ERROR: Dry run failed: "},
	})
}

// TestDSMURLWithFunctionPath: a DSM_URL copied with the function's path
// (or part of it) reaches the function, with a token or a sign-in.
func TestDSMURLWithFunctionPath(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{"/functions/v1", "/functions/v1/", "/functions/v1/openmanage-sync"} {
		s := startSims(t, handDevices())
		env := s.with(map[string]string{"DSM_URL": s.dsm.URL() + suffix})
		if suffix == "/functions/v1/" {
			env = s.with(map[string]string{"DSM_URL": s.dsm.URL() + suffix, "DSM_JWT_TOKEN": "",
				"DSM_EMAIL": testDSMEmail, "DSM_PASSWORD": testDSMPassword, "DSM_API_KEY": testDSMAPIKey})
		}

		code, _, stderr := runCLI(t, env)
		if code != exitOK || len(s.dsm.Store()) != 2 {
			t.Errorf("DSM_URL ending in %s: exit %d, %d records stored; want 0 and 2; stderr:\n%s",
				suffix, code, len(s.dsm.Store()), stderr)
		}
	}
}

// TestLogoutFailureIsAWarning: a run whose work finished but whose OME
// logout failed exits 0 and says, as a warning, that the session stays
// open.
func TestLogoutFailureIsAWarning(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	s.ome.FailNext("logout", 400, 10)
	code, stdout, stderr := runCLI(t, s.env)
	if code != exitOK || len(s.dsm.Store()) != 2 {
		t.Fatalf("exit %d, %d stored; want 0 and 2; stdout:\n%s\nstderr:\n%s", code, len(s.dsm.Store()), stdout, stderr)
	}

	want := "could not log out of OME; the session stays open until it idles out"
	if !strings.HasPrefix(stdout, "Sync ok:") || !strings.Contains(stdout, "\n  warning: "+want) ||
		strings.Contains(stdout, "close-failed") {
		t.Errorf("stdout lacks the warning, or lists it as a problem:\n%s", stdout)
	}

	if !strings.Contains(stderr, "] WARN: "+want) {
		t.Errorf("log lacks the warning:\n%s", stderr)
	}
}

// TestUnreachableSaysWhatToCheck: a closed port at OME or DSM fails the
// run with what to check, in the failure line or the batch line.
func TestUnreachableSaysWhatToCheck(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	closed := "127.0.0.1:1" // as in TestSyncNothingSyncedExits1: nothing listens on port 1
	noOME := s.with(map[string]string{"OME_HOST": closed})
	checkExits(t, []string{"devices"}, []exitCase{{"ome", noOME, exitFailed,
		"connection refused; cannot connect to OME at https://" + closed +
			": check OME_HOST and OME_PORT"}})
	checkExits(t, []string{"check"}, []exitCase{{"dsm sign-in", s.with(mergeEnv(signIn,
		map[string]string{"DSM_URL": "http://" + closed})), exitFailed,
		"connection refused; cannot connect to DSM: check DSM_URL"}})

	code, stdout, stderr := runCLI(t, s.with(map[string]string{"DSM_URL": "http://" + closed}))
	if code != exitFailed || !strings.Contains(stdout, "batch failed: ") ||
		!strings.Contains(stdout, "cannot connect to DSM: check DSM_URL") {
		t.Errorf("sync to a closed DSM port: exit %d, stdout %q; want 1 and the DSM_URL advice",
			code, stdout)
	}

	// The run stops on the refused batches: its failure line is DSM's.
	if !strings.Contains(stderr, "ERROR: Sync failed: ") || strings.Contains(stderr, "OME_HOST") ||
		!strings.Contains(stderr, "; cannot connect to DSM: check DSM_URL") {
		t.Errorf("sync to a closed DSM port: stderr names OME or lacks DSM_URL:\n%s", stderr)
	}
}

// mergeEnv returns the changes of a and b together; b wins.
func mergeEnv(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)

	return out
}
