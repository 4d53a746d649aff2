package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
)

// init shortens the OME client's waits and its per-exchange timeout, so
// that a slow answer times out in a test.
func init() {
	omeRetry = ome.RetryPolicy{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	omeTimeout = time.Second
}

// faultDevices is the fleet of the fault runs: 250 generated devices, in
// three pages of the client's 100, one of whose servers' inventory always
// fails.
func faultDevices() []omesim.Device {
	devs := omesim.Generate(5, 250)
	for i, d := range devs {
		if d.Object["Type"] == 1000 {
			devs[i].InventoryFails = true
			break
		}
	}

	return devs
}

// signIn is the environment change that makes the CLI sign in to DSM
// with an email and password instead of the pasted token.
var signIn = map[string]string{"DSM_JWT_TOKEN": "", "DSM_EMAIL": testDSMEmail,
	"DSM_PASSWORD": testDSMPassword, "DSM_API_KEY": testDSMAPIKey}

// secretFault is one fault that the CLI runs through at debug level.
type secretFault struct {
	name string
	// cfg changes the OME simulator's configuration.
	cfg func(c *omesim.Config)
	// arm injects the fault before the run.
	arm func(t *testing.T, s *sims)
	// env changes the environment ("" deletes).
	env map[string]string
	// cancelAfter, when above 0, cancels the run's context that long
	// after it starts.
	cancelAfter time.Duration
	// want is the exit code, and fired says whether the fault hit.
	want  int
	fired func(s *sims) bool
}

// TestFaultsShowNoSecrets runs the CLI with --debug, in both log formats,
// through every fault the e2e package injects, and looks for the
// passwords, the API key and every token either simulator issued in
// stdout and stderr (where the run's errors are written).
func TestFaultsShowNoSecrets(t *testing.T) {
	t.Parallel()
	for _, f := range secretFaults() {
		for _, format := range []string{"text", "json"} {
			t.Run(f.name+"/"+format, func(t *testing.T) {
				t.Parallel()
				f.run(t, format)
			})
		}
	}
}

// run syncs faultDevices() with the fault and checks the outputs.
func (f *secretFault) run(t *testing.T, format string) {
	cfg := omesim.Config{Devices: faultDevices()}
	if f.cfg != nil {
		f.cfg(&cfg)
	}

	s := startSimsConfig(t, cfg)
	if f.arm != nil {
		f.arm(t, s)
	}

	ctx := t.Context()
	if f.cancelAfter > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.cancelAfter)
		defer cancel()
	}

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"--debug", "--log-format", format, "--output", "json"},
		envFunc(s.with(f.env)), &stdout, &stderr)
	out := stdout.String() + stderr.String()
	if code != f.want || !f.fired(s) {
		t.Fatalf("exit %d (want %d), fault fired %v; output:\n%s", code, f.want, f.fired(s), out)
	}

	if !strings.Contains(out, "HTTP exchange") {
		t.Fatalf("no HTTP exchange was logged: the run was not at debug level")
	}

	checkNoSecrets(t, s, out)
}

// checkNoSecrets fails when out holds a password, the API key or a token
// that a simulator issued.
func checkNoSecrets(t *testing.T, s *sims, out string) {
	t.Helper()
	omeTokens, dsmTokens := s.ome.IssuedTokens(), s.dsm.IssuedTokens()
	if len(omeTokens) == 0 || len(dsmTokens) == 0 {
		t.Fatalf("%d OME and %d DSM tokens issued: the check would prove nothing",
			len(omeTokens), len(dsmTokens))
	}

	secrets := append([]string{testOMEPassword, testDSMPassword, testDSMAPIKey}, omeTokens...)
	for _, secret := range append(secrets, dsmTokens...) {
		if strings.Contains(out, secret) {
			t.Errorf("the output shows a secret (%d chars)", len(secret))
		}
	}
}

// secretFaults are the faults of internal/e2e, as the CLI meets them.
func secretFaults() []secretFault {
	return append(omeFaults(), dsmFaults()...)
}

// omeFaults are the faults on the OME side.
func omeFaults() []secretFault {
	return []secretFault{{
		name: "token expiry during listing", want: exitOK,
		arm:   func(_ *testing.T, s *sims) { s.ome.ExpireAfter("devices", 1) },
		fired: logins(2),
	}, {
		name: "token expiry during inventory", want: exitOK,
		arm:   func(_ *testing.T, s *sims) { s.ome.ExpireAfter("inventory", 20) },
		fired: logins(2),
	}, {
		name: "session limit", want: exitFailed,
		cfg:   func(c *omesim.Config) { c.SessionCap = 1 },
		arm:   holdSession,
		fired: logins(1),
	}, {
		name: "500 and 503 bursts", want: exitOK,
		arm: func(_ *testing.T, s *sims) {
			s.ome.FailNext("devices", 503, 2)
			s.ome.FailNext("inventory", 500, 3)
		},
		fired: requestsAtLeast("devices", 5),
	}, {
		name: "slower than the timeout", want: exitOK,
		arm:   func(_ *testing.T, s *sims) { s.ome.SlowNext("inventory", 3*time.Second, 1) },
		fired: requestsAtLeast("inventory", 164),
	}, {
		name: "proxy HTML page", want: exitOK,
		arm: func(_ *testing.T, s *sims) {
			s.ome.HTMLNext("devices", 502, 1)
			s.ome.HTMLNext("inventory", 200, 1)
		},
		fired: requestsAtLeast("devices", 4),
	}, {
		name: "truncated and malformed JSON", want: exitOK,
		arm: func(_ *testing.T, s *sims) {
			s.ome.TruncateNext("inventory", 1)
			s.ome.MalformedNext("inventory", 1)
		},
		fired: requestsAtLeast("inventory", 163),
	}, {
		name: "truncated page", want: exitFailed,
		arm:   func(_ *testing.T, s *sims) { s.ome.TruncateNext("devices", 1) },
		fired: requestsAtLeast("devices", 1),
	}, {
		name: "cancelled mid-run", want: exitFailed, cancelAfter: 500 * time.Millisecond,
		arm: func(_ *testing.T, s *sims) { s.ome.SlowNext("inventory", 3*time.Second, 4) },
		fired: func(s *sims) bool {
			return s.ome.Logouts() == 1 && s.ome.OpenSessions() == 0
		},
	}}
}

// dsmFaults are the faults on the DSM side.
func dsmFaults() []secretFault {
	return []secretFault{{
		name: "DSM 401 and a renewal", want: exitOK, env: signIn,
		arm:   func(_ *testing.T, s *sims) { s.dsm.RevokeAfter(1) },
		fired: func(s *sims) bool { return s.dsm.AuthRequests() >= 2 },
	}, {
		name: "DSM 504 after the upsert", want: exitOK,
		arm:   func(_ *testing.T, s *sims) { s.dsm.Fail504AfterCommit(1) },
		fired: func(s *sims) bool { return s.dsm.Requests() == 3 },
	}, {
		name: "DSM 546 and 503", want: exitOK,
		arm: func(_ *testing.T, s *sims) {
			s.dsm.Limit546Above(40)
			s.dsm.Fail503(2)
		},
		fired: func(s *sims) bool { return s.dsm.Requests() > 8 },
	}}
}

// logins says whether OME saw n logins.
func logins(n int) func(s *sims) bool {
	return func(s *sims) bool { return s.ome.Logins() == n }
}

// requestsAtLeast says whether OME saw at least n requests of kind.
func requestsAtLeast(kind string, n int64) func(s *sims) bool {
	return func(s *sims) bool { return s.ome.RequestsByKind()[kind] >= n }
}

// holdSession takes the user's one session slot, as another tool would,
// and gives it back when the test ends.
func holdSession(t *testing.T, s *sims) {
	t.Helper()
	body := `{"UserName":"syncbot","Password":"` + testOMEPassword + `","SessionType":"API"}`
	resp, err := s.ome.Client().Post(s.ome.URL()+"/api/SessionService/Sessions",
		"application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}

	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("holding a session: status %d", resp.StatusCode)
	}
}
