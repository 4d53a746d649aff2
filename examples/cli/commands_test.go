package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

func TestCheckCommand(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "check")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	for _, want := range []string{"logged in as syncbot", "4.1.0", "4 devices, 3 servers",
		"token not verified against DSM (set DSM_API_KEY to verify); expiry read from the token: expires",
		"nothing was written"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}

	if s.dsm.Requests() != 0 || s.ome.OpenSessions() != 0 {
		t.Errorf("DSM requests %d, open OME sessions %d; want 0 and 0", s.dsm.Requests(), s.ome.OpenSessions())
	}
}

func TestCheckCommandJSON(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "check", "--output", "json")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	var got checkResult
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}

	if got.Devices != 4 || got.Servers != 3 || got.OMEVersion != "4.1.0" || got.TokenExpiry.IsZero() {
		t.Errorf("check result = %+v, want 4 devices, 3 servers, 4.1.0, an expiry", got)
	}
}

func TestDevicesCommand(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "devices")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []string{
		"DEVICE ID  SERVICE TAG  MODEL           HOSTNAME             IP ADDRESS    BIOS    IDRAC       CPUS  MEMORY GB",
		"10101      E2ETAG1      PowerEdge R650  esx-a01.example.com  192.0.2.41    1.13.2  7.00.60.00  2     80",
		"10102      E2ETAG2      PowerEdge R760  esx-b02.example.com  2001:db8::42  -       -           -     -",
		"2 devices would be synced",
	}
	if diff := cmp.Diff(want, trimRight(lines)); diff != "" {
		t.Errorf("devices table (-want +got):\n%s", diff)
	}

	if s.dsm.Requests() != 0 {
		t.Errorf("devices posted %d requests to DSM, want 0", s.dsm.Requests())
	}
}

func trimRight(lines []string) []string {
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}

	return lines
}

func TestDevicesCommandJSONWithFilter(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	code, stdout, stderr := runCLI(t, s.env, "devices", "--output", "json", "--service-tag", "e2etag2")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	var got []dsm.Record
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}

	if len(got) != 1 || got[0].ServiceTag != "E2ETAG2" {
		t.Errorf("devices --service-tag e2etag2 = %+v, want only E2ETAG2", got)
	}
}

// TestVersionCommand: a build without a stamped version names the
// library's version as a development build; a stamped one, its own. Not
// parallel: it sets the stamp.
func TestVersionCommand(t *testing.T) {
	code, stdout, _ := runCLI(t, nil, "version")
	want := "omesync " + ome.Version + " (devel build, " + runtime.Version() + ", " + runtime.GOOS
	if code != exitOK || !strings.HasPrefix(stdout, want) || strings.Contains(stdout, "(devel)") {
		t.Errorf("version: exit %d stdout %q, want it to start %q", code, stdout, want)
	}

	if ua := userAgent(); ua != "omesync/"+ome.Version {
		t.Errorf("userAgent() = %q, want omesync/%s", ua, ome.Version)
	}

	version = "v1.2.3"
	t.Cleanup(func() { version = "" })
	_, stdout, _ = runCLI(t, nil, "version")
	if want := "omesync v1.2.3 (" + runtime.Version() + ", "; !strings.HasPrefix(stdout, want) {
		t.Errorf("stamped version: stdout %q, want it to start %q", stdout, want)
	}
}

// TestHelpExitsZero: --help, -h and the help command print the usage on
// stdout and exit 0.
func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"check", "--help"}} {
		code, stdout, stderr := runCLI(t, nil, args...)
		if code != exitOK || !strings.Contains(stdout, "Exit codes:") || stderr != "" {
			t.Errorf("%q: exit %d, want 0 with the usage on stdout; stdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}
}

// TestUsageErrorsAreOneLine: a flag or argument error is one line and a
// pointer to --help, not the whole usage, and exits 2.
func TestUsageErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "omesync: bad configuration: flag provided but not defined: -bogus\n"},
		{[]string{"sync", "check"},
			`omesync: bad configuration: unexpected argument "check": give one command, then flags` + "\n"},
		{[]string{"help", "extra"},
			`omesync: bad configuration: unexpected argument "extra": give one command, then flags` + "\n"},
		{[]string{"--concurrency", "0"}, `invalid value "0" for flag -concurrency: want a whole number from 1 to 64` + "\n"},
	} {
		code, stdout, stderr := runCLI(t, nil, tt.args...)
		want := "run 'omesync --help' for usage\n"
		if code != exitConfig || !strings.Contains(stderr, tt.want) || !strings.HasSuffix(stderr, want) ||
			strings.Count(stderr, "\n") != 2 || stdout != "" {
			t.Errorf("%q: exit %d, want 2 with %q and the --help pointer; stdout %q; stderr:\n%s",
				tt.args, code, tt.want, stdout, stderr)
		}
	}
}

func TestLockRefusesSecondRun(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	lock := filepath.Join(t.TempDir(), "omesync.lock")
	unlock, err := acquireLock(lock) // the first run, still going
	if err != nil {
		t.Fatal(err)
	}

	code, _, stderr := runCLI(t, s.env, "--lock-file", lock)
	if code != exitFailed || !strings.Contains(stderr, "another omesync run holds the lock") {
		t.Errorf("exit %d, want 1 refusing the run; stderr:\n%s", code, stderr)
	}

	if s.ome.Logins() != 0 {
		t.Errorf("the refused run logged in to OME")
	}

	unlock()
	if code, _, stderr := runCLI(t, s.env, "--lock-file", lock); code != exitOK {
		t.Errorf("after the first run ended: exit %d, want 0; stderr:\n%s", code, stderr)
	}
}

func TestMetricsFileFromRun(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	path := filepath.Join(t.TempDir(), "omesync.prom")
	if code, _, stderr := runCLI(t, s.env, "--metrics-file", path); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}

	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `omesync_last_run_devices{outcome="sent"} 2`) {
		t.Errorf("metrics file = %q, %v; want 2 sent", b, err)
	}
}

// TestDryRunLeavesMetricsFile: a dry run writes no metrics file and leaves
// an earlier one as it was, last-success time included.
func TestDryRunLeavesMetricsFile(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	dir := t.TempDir()
	kept, absent := filepath.Join(dir, "kept.prom"), filepath.Join(dir, "absent.prom")
	const before = "omesync_last_success_timestamp_seconds 1762439408\n"
	if err := os.WriteFile(kept, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{kept, absent} {
		code, _, stderr := runCLI(t, s.env, "--dry-run", "--metrics-file", path)
		if code != exitOK || !strings.Contains(stderr, "the metrics file is left as it is") {
			t.Fatalf("exit %d, want 0 and a note on the metrics file; stderr:\n%s", code, stderr)
		}
	}

	if b, err := os.ReadFile(kept); err != nil || string(b) != before {
		t.Errorf("metrics file after a dry run = %q, %v; want it unchanged", b, err)
	}

	if _, err := os.Stat(absent); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote a metrics file (stat: %v)", err)
	}
}

func TestDSMSignInWithPasswordFile(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	pwFile := filepath.Join(t.TempDir(), "dsm-password")
	if err := os.WriteFile(pwFile, []byte(testDSMPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	env := s.with(map[string]string{"DSM_JWT_TOKEN": "", "DSM_EMAIL": testDSMEmail, "DSM_API_KEY": testDSMAPIKey})
	code, _, stderr := runCLI(t, env, "--dsm-password-file", pwFile)
	if code != exitOK || len(s.dsm.Store()) != 2 || s.dsm.AuthRequests() == 0 {
		t.Errorf("exit %d, store %d records, %d sign-ins; want 0, 2, >0; stderr:\n%s",
			code, len(s.dsm.Store()), s.dsm.AuthRequests(), stderr)
	}
}

func TestSecretFileRefusedExits2(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Unix permission bits")
	}

	s := startSims(t, handDevices())
	pwFile := filepath.Join(t.TempDir(), "ome-password")
	if err := os.WriteFile(pwFile, []byte(testOMEPassword), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := os.Chmod(pwFile, 0o644); err != nil {
		t.Fatal(err)
	}

	code, _, stderr := runCLI(t, s.env, "--ome-password-file", pwFile)
	if code != exitConfig || !strings.Contains(stderr, "chmod 600 "+pwFile) {
		t.Errorf("exit %d, want 2 with a chmod hint; stderr:\n%s", code, stderr)
	}

	if s.ome.Logins() != 0 {
		t.Errorf("OME was contacted despite the refused secret file")
	}
}

func TestCheckCommandWithSignIn(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	env := s.with(map[string]string{"DSM_JWT_TOKEN": "", "DSM_EMAIL": testDSMEmail,
		"DSM_PASSWORD": testDSMPassword, "DSM_API_KEY": testDSMAPIKey})
	code, stdout, stderr := runCLI(t, env, "check")
	if code != exitOK || !strings.Contains(stdout, "sign-in as "+testDSMEmail+"; access token accepted by DSM, expires") {
		t.Errorf("exit %d stdout %q; want a valid sign-in; stderr:\n%s", code, stdout, stderr)
	}

	env["DSM_PASSWORD"] = "wrong-password"
	code, _, stderr = runCLI(t, env, "check")
	if code != exitFailed || !strings.Contains(stderr, "DSM sign-in") || strings.Contains(stderr, "wrong-password") {
		t.Errorf("wrong password: exit %d, want 1 naming the DSM sign-in without the password; stderr:\n%s",
			code, stderr)
	}
}

// TestOMEHostForms: OME_HOST as host:port reaches the appliance; an
// http:// URL, a path or two different ports stop the run with exit 2
// before OME is contacted.
func TestOMEHostForms(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	hostPort := strings.TrimPrefix(s.ome.URL(), "https://")
	checkExits(t, []string{"check"}, []exitCase{
		{"host:port", s.with(map[string]string{"OME_HOST": " " + hostPort + " "}), exitOK, ""},
		{"http URL", s.with(map[string]string{"OME_HOST": "http://" + hostPort}), exitConfig, "OME needs HTTPS"},
		{"a path", s.with(map[string]string{"OME_HOST": s.ome.URL() + "/api"}), exitConfig, "without a path"},
		{"two ports", s.with(map[string]string{"OME_HOST": hostPort, "OME_PORT": "8443"}), exitConfig,
			"and OME_PORT (--ome-port) gives port 8443"},
	})

	if s.ome.Logins() != 1 {
		t.Errorf("OME logins = %d, want 1 (only the valid host)", s.ome.Logins())
	}
}

// TestDryRunNeedsNoDSMSettings: devices and --dry-run post nothing, so
// they run with no DSM URL or token at all.
func TestDryRunNeedsNoDSMSettings(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	env := s.with(map[string]string{"DSM_URL": "", "DSM_JWT_TOKEN": ""})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"devices"}, "2 devices would be synced"},
		{[]string{"--dry-run"}, "Dry run ok: total 2"},
		{[]string{"sync", "--dry-run"}, "Dry run ok: total 2"},
	} {
		args := tt.args
		code, stdout, stderr := runCLI(t, env, args...)
		if code != exitOK || !strings.Contains(stdout, tt.want) {
			t.Errorf("%q without DSM settings: exit %d, want 0; stdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}

	if code, _, stderr := runCLI(t, env, "sync"); code != exitConfig || !strings.Contains(stderr, "DSM_URL") {
		t.Errorf("sync without DSM settings: exit %d, want 2 naming DSM_URL; stderr:\n%s", code, stderr)
	}
}

// TestCheckCommandDSMURL: check validates DSM_URL as sync does, and with
// DSM_API_KEY asks DSM about the token, so a DSM that cannot be reached
// fails the check.
func TestCheckCommandDSMURL(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	checkExits(t, []string{"check"}, []exitCase{
		{"ftp URL", s.with(map[string]string{"DSM_URL": "ftp://x"}), exitConfig, "DSM_URL"},
		{"a bare path", s.with(map[string]string{"DSM_URL": "/just/path"}), exitConfig, "DSM_URL"},
		{"http to another host", s.with(map[string]string{"DSM_URL": "http://dsm.example.com"}), exitConfig,
			"DSM needs HTTPS"},
		{"unreachable, key given", s.with(map[string]string{"DSM_URL": "http://127.0.0.1:1",
			"DSM_API_KEY": testDSMAPIKey}), exitFailed, "cannot be reached"},
	})
}

// TestSecretFileErrorsNameTheFlag: a secret file that cannot be used
// stops the run with exit 2, naming the flag and the file.
func TestSecretFileErrorsNameTheFlag(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "no-such-file")
	for _, flag := range []string{"--ome-password-file", "--dsm-token-file", "--dsm-password-file"} {
		code, _, stderr := runCLI(t, nil, flag, missing)
		if code != exitConfig || !strings.Contains(stderr, flag+": "+missing+" does not exist") {
			t.Errorf("%s %s: exit %d, want 2 naming the flag and the file; stderr:\n%s", flag, missing, code, stderr)
		}
	}
}

// TestEnvLineEndings: an env file saved with CRLF leaves a \r at the end
// of each value; it is not part of the user name or password.
func TestEnvLineEndings(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	env := s.with(mergeEnv(signIn, map[string]string{"OME_USERNAME": "syncbot\r",
		"OME_PASSWORD": testOMEPassword + "\r\n", "DSM_EMAIL": testDSMEmail + "\r",
		"DSM_PASSWORD": testDSMPassword + "\r"}))
	if code, _, stderr := runCLI(t, env); code != exitOK || len(s.dsm.Store()) != 2 {
		t.Errorf("exit %d, %d stored; want 0 and 2; stderr:\n%s", code, len(s.dsm.Store()), stderr)
	}
}
