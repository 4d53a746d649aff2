package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUsageErrorsFollowLogFormat: an error found while the arguments are
// read is a JSON line under --log-format json, as the run's own errors
// are, and one line with the --help pointer otherwise.
func TestUsageErrorsFollowLogFormat(t *testing.T) {
	t.Parallel()
	port0 := map[string]string{"OME_PORT": "0"}
	const want = `OME_PORT="0": want a whole number from 1 to 65535`
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{port0, []string{"--log-format", "json"}, want},
		{port0, []string{"check", "--log-format=json"}, want},
		{nil, []string{"--log-format=json", "--bogus"}, "flag provided but not defined: -bogus"},
		{nil, []string{"-log-format", "json", "--model-regexp", "("},
			"--model-regexp: error parsing"},
	} {
		code, stdout, stderr := runCLI(t, tt.env, tt.args...)
		var line struct{ Level, Msg, Help string }
		err := json.Unmarshal([]byte(stderr), &line)
		if code != exitConfig || stdout != "" || err != nil || strings.Count(stderr, "\n") != 1 ||
			line.Level != "ERROR" || !strings.Contains(line.Msg, tt.want) ||
			line.Help != "run 'omesync --help' for usage" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q (%v); want exit 2 and a JSON line "+
				"with %q", tt.args, code, stdout, stderr, err, tt.want)
		}
	}

	code, _, stderr := runCLI(t, port0)
	text := "omesync: bad configuration: " + want + "\n" + helpPointer + "\n"
	if code != exitConfig || stderr != text {
		t.Errorf("OME_PORT=0: exit %d, stderr %q; want 2 and %q", code, stderr, text)
	}
}

// TestPortsRefused: a port with a sign, an empty port after ':' and a
// port above 65535 are refused wherever a port is given.
func TestPortsRefused(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	at := func(key, value string) map[string]string { return s.with(map[string]string{key: value}) }
	checkExits(t, []string{"check"}, []exitCase{
		{"OME_PORT=+1", at("OME_PORT", "+1"), exitConfig, `OME_PORT="+1": want a whole number`},
		{"empty port", at("OME_HOST", "127.0.0.1:"), exitConfig, "no port after the ':'"},
		{"empty url port", at("OME_HOST", "https://127.0.0.1:"), exitConfig,
			"no port after the ':'"},
		{"signed host port", at("OME_HOST", "127.0.0.1:+443"), exitConfig, `port "+443" is not`},
		{"dsm port", at("DSM_URL", "https://x.supabase.co:99999"), exitConfig,
			`port "99999" is not a number from 1 to 65535`},
		{"dsm empty port", at("DSM_URL", "https://x.supabase.co:"), exitConfig,
			"no port after the ':'"},
	})
	checkExits(t, []string{"check", "--ome-port", "+443"}, []exitCase{
		{"--ome-port +443", s.env, exitConfig, "want a whole number from 1 to 65535"},
	})
}
