package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// Credentials of the test simulators; tests assert they never show.
const (
	testOMEPassword = "ome-pw-Zq81x"
	testDSMPassword = "dsm-pw-Kd72m"
	testDSMAPIKey   = "sb-publishable-Yt33"
	testDSMEmail    = "ops@example.com"
)

// init shortens the DSM client's waits between retries for every test.
func init() {
	dsmRetry = dsm.RetryPolicy{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

// sims is an OME and a DSM simulator and the environment that points at them.
type sims struct {
	ome    *omesim.Server
	dsm    *dsmsim.Server
	env    map[string]string
	caFile string
	token  string
}

// startSims starts both simulators with devices and returns the
// environment of a run against them, OME's CA trusted through a file.
func startSims(t *testing.T, devices []omesim.Device) *sims {
	t.Helper()

	return startSimsConfig(t, omesim.Config{Devices: devices})
}

// startSimsConfig is startSims with more of OME's configuration; its
// Users are always the test's.
func startSimsConfig(t *testing.T, cfg omesim.Config) *sims {
	t.Helper()
	cfg.Users = map[string]string{"syncbot": testOMEPassword}
	o := omesim.Start(cfg)
	t.Cleanup(o.Close)
	d := dsmsim.Start(dsmsim.Config{
		APIKey: testDSMAPIKey, VCenterSerials: []string{"E2ETAG1"},
		Users: map[string]string{testDSMEmail: testDSMPassword},
	})
	t.Cleanup(d.Close)

	s := &sims{ome: o, dsm: d, caFile: filepath.Join(t.TempDir(), "ome-ca.pem")}
	if err := os.WriteFile(s.caFile, o.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}

	s.token = d.IssueToken(testDSMEmail, time.Hour)
	s.env = map[string]string{
		"OME_HOST": o.URL(), "OME_USERNAME": "syncbot", "OME_PASSWORD": testOMEPassword,
		"OME_CA_CERT": s.caFile, "DSM_URL": d.URL(), "DSM_JWT_TOKEN": s.token,
	}

	return s
}

// with returns a copy of the environment with changes ("" deletes).
func (s *sims) with(changes map[string]string) map[string]string {
	env := maps.Clone(s.env)
	for k, v := range changes {
		if v == "" {
			delete(env, k)
		} else {
			env[k] = v
		}
	}

	return env
}

// runCLI runs the CLI's code path and returns its exit code and outputs.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, envFunc(env), &stdout, &stderr)

	return code, stdout.String(), stderr.String()
}

// exitCase is one run of a table test: its environment, the exit code
// wanted and a text that stderr must hold.
type exitCase struct {
	name     string
	env      map[string]string
	wantCode int
	wantSub  string
}

// checkExits runs the CLI with args once per case.
func checkExits(t *testing.T, args []string, cases []exitCase) {
	t.Helper()
	for _, tt := range cases {
		code, stdout, stderr := runCLI(t, tt.env, args...)
		if code != tt.wantCode || !strings.Contains(stderr, tt.wantSub) {
			t.Errorf("%s: exit %d, want %d with %q; stdout %q; stderr:\n%s",
				tt.name, code, tt.wantCode, tt.wantSub, stdout, stderr)
		}
	}
}
