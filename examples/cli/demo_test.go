package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/internal/testserver"
)

func TestDemoExitsZero(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		// the demo's quirks: a placeholder tag and a duplicate are skipped
		{[]string{"--demo"}, "errors 0 (seen 123, filtered 42, skipped 2)"},
		{[]string{"check", "--demo"}, "access token accepted by DSM"},
		{[]string{"devices", "--demo"}, "devices would be synced"},
	} {
		code, stdout, stderr := runCLI(t, nil, tt.args...)
		if code != exitOK || !strings.Contains(stdout, tt.want) {
			t.Errorf("%q: exit %d stdout %q; want 0 and %q; stderr:\n%s", tt.args, code, stdout, tt.want, stderr)
		}
	}
}

// TestDemoSaysWhatItIgnores: --demo replaces every OME and DSM setting
// with its simulators'; it names those it ignores in a warning.
func TestDemoSaysWhatItIgnores(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OME_HOST": "ome.invalid", "DSM_JWT_TOKEN": "a.b.c"}
	code, stdout, stderr := runCLI(t, env, "check", "--demo", "--dsm-url", "https://dsm.invalid",
		"--ome-username", "admin")
	want := "WARN: Demo: OME_HOST, --ome-username, --dsm-url and DSM_JWT_TOKEN are ignored: " +
		"the demo uses its simulators' settings"
	if code != exitOK || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stdout %q; want 0 and %q; stderr:\n%s", code, stdout, want, stderr)
	}

	if _, _, stderr := runCLI(t, nil, "devices", "--demo"); strings.Contains(stderr, "ignored") {
		t.Errorf("a demo with no setting warns:\n%s", stderr)
	}
}

// TestDebugShowsNoSecrets runs the demo at its most verbose, in both log
// formats, and looks for every secret of the run in its output: the OME
// and DSM passwords, the publishable key, and every token either
// simulator issued (OME sessions, DSM access and refresh tokens).
// It is not parallel: it swaps the demo starter.
func TestDebugShowsNoSecrets(t *testing.T) {
	var demo *testserver.Demo
	startDemoSims = func(ctx context.Context) (*testserver.Demo, error) {
		d, err := testserver.StartDemo(ctx)
		demo = d

		return d, err
	}
	t.Cleanup(func() { startDemoSims = testserver.StartDemo })

	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := runCLI(t, nil, "--demo", "--debug", "--log-format", format, "--output", "json")
		if code != exitOK || !strings.Contains(stderr, "HTTP exchange") {
			t.Fatalf("%s: exit %d, want 0 with HTTP debug lines; stderr:\n%s", format, code, stderr)
		}

		for _, s := range demoSecrets(t, demo) {
			if strings.Contains(stdout+stderr, s) {
				t.Errorf("%s: output shows a secret (%d chars)", format, len(s))
			}
		}
	}
}

// demoSecrets lists the demo's credentials and the tokens its simulators
// issued; it fails the test when either issued none, which would prove
// nothing.
func demoSecrets(t *testing.T, d *testserver.Demo) []string {
	t.Helper()
	omeTokens, dsmTokens := d.OME.IssuedTokens(), d.DSM.IssuedTokens()
	if len(omeTokens) == 0 || len(dsmTokens) < 2 {
		t.Fatalf("OME issued %d tokens and DSM %d; want a session and the sign-in's tokens",
			len(omeTokens), len(dsmTokens))
	}

	secrets := []string{d.OMEPassword, d.DSMToken, d.DSMAPIKey, d.DSMPassword}

	return append(append(secrets, omeTokens...), dsmTokens...)
}
