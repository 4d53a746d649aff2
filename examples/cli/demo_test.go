package main

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/dsmtools/omesync/internal/testserver"
)

func TestDemoExitsZero(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--demo"}, "Sync ok: total "},
		{[]string{"check", "--demo"}, "access token accepted by DSM"},
		{[]string{"devices", "--demo"}, "devices would be synced"},
	} {
		code, stdout, stderr := runCLI(t, nil, tt.args...)
		if code != exitOK || !strings.Contains(stdout, tt.want) {
			t.Errorf("%q: exit %d stdout %q; want 0 and %q; stderr:\n%s", tt.args, code, stdout, tt.want, stderr)
		}
	}
}

// tokenRecorder keeps every X-Auth-Token that OME hands out.
type tokenRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (r *tokenRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err == nil && resp.Header.Get("X-Auth-Token") != "" {
		r.mu.Lock()
		r.seen = append(r.seen, resp.Header.Get("X-Auth-Token"))
		r.mu.Unlock()
	}

	return resp, err
}

// TestDebugShowsNoSecrets runs the demo at its most verbose, in both log
// formats, and looks for every secret of the run in its output: the OME
// password and session token, the DSM token and publishable key.
// It is not parallel: it swaps the demo starter.
func TestDebugShowsNoSecrets(t *testing.T) {
	var demo *testserver.Demo
	rec := &tokenRecorder{}
	startDemoSims = func(ctx context.Context) (*testserver.Demo, error) {
		d, err := testserver.StartDemo(ctx)
		if err == nil {
			demo = d
			rec.next = d.OMEHTTPClient.Transport
			d.OMEHTTPClient = &http.Client{Transport: rec}
		}

		return d, err
	}
	t.Cleanup(func() { startDemoSims = testserver.StartDemo })

	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := runCLI(t, nil, "--demo", "--debug", "--log-format", format, "--output", "json")
		if code != exitOK || !strings.Contains(stderr, "HTTP exchange") {
			t.Fatalf("%s: exit %d, want 0 with HTTP debug lines; stderr:\n%s", format, code, stderr)
		}

		secrets := append([]string{demo.OMEPassword, demo.DSMToken, demo.DSMAPIKey, demo.DSMPassword}, rec.seen...)
		if len(rec.seen) == 0 {
			t.Fatalf("no X-Auth-Token was recorded; the test would prove nothing")
		}

		for _, s := range secrets {
			if strings.Contains(stdout+stderr, s) {
				t.Errorf("%s: output shows a secret (%d chars)", format, len(s))
			}
		}
	}
}
