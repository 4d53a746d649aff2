package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBadFilterIsAUsageError: a filter that cannot be built is refused
// while the arguments are read: one line naming the flag, the --help
// pointer, exit 2, and nothing else (no run, no report, no metrics).
func TestBadFilterIsAUsageError(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	metrics := filepath.Join(t.TempDir(), "omesync.prom")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--model-regexp", "(", "--metrics-file", metrics},
			"--model-regexp: error parsing regexp: missing closing ): `(`"},
		{[]string{"devices", "--name-regexp", "["},
			"--name-regexp: error parsing regexp: missing closing ]: `[`"},
		{[]string{"--dry-run", "--name-regexp", "a**"},
			"--name-regexp: error parsing regexp: invalid nested repetition operator: `**`"},
	} {
		code, stdout, stderr := runCLI(t, s.env, tt.args...)
		want := "omesync: bad configuration: " + tt.want + "\nrun 'omesync --help' for usage\n"
		if code != exitConfig || stderr != want || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and only:\n%s",
				tt.args, code, stdout, stderr, want)
		}
	}

	checkNoFile(t, metrics)

	if s.ome.Logins() != 0 {
		t.Errorf("OME logins = %d, want 0", s.ome.Logins())
	}
}

// stamp is the time at the start of a text log line.
var stamp = regexp.MustCompile(`(?m)^\[[0-9: -]+\] `)

// TestUnusableTokenStopsSyncAsCheck: a static token that is not a JWT, or
// has expired, stops sync with the one line check gives, before any run
// output: no start line, no report, no metrics.
func TestUnusableTokenStopsSyncAsCheck(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	metrics := filepath.Join(t.TempDir(), "omesync.prom")
	for _, token := range []string{"abc", "a.b.c", s.dsm.IssueToken(testDSMEmail, -time.Minute)} {
		env := s.with(map[string]string{"DSM_JWT_TOKEN": token})
		_, _, checkErr := runCLI(t, env, "check")
		code, stdout, stderr := runCLI(t, env, "sync", "--metrics-file", metrics)
		line := stamp.ReplaceAllString(stderr, "")
		if code != exitConfig || stdout != "" || strings.Count(stderr, "\n") != 1 ||
			!strings.HasPrefix(line, "ERROR: bad configuration: ") {
			t.Errorf("token %.12q: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and one line",
				token, code, stdout, stderr)
		}

		if want := stamp.ReplaceAllString(checkErr, ""); line != want {
			t.Errorf("token %.12q: sync says %q, check says %q", token, line, want)
		}
	}

	checkNoFile(t, metrics)
}

// checkNoFile fails when path exists.
func checkNoFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s was written (%v)", path, err)
	}
}
