package main

import (
	"strings"
	"testing"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// urlSecret is a secret written into OME_HOST or DSM_URL: the run must
// refuse the value without showing the secret.
type urlSecret struct {
	name   string
	key    string // OME_HOST or DSM_URL
	value  string
	secret []string
}

func urlSecrets() []urlSecret {
	const ome, dsm = "OME_HOST", "DSM_URL"

	return []urlSecret{
		{"ome url user info", ome, "https://admin:MyOmePassw0rd@127.0.0.1",
			[]string{"MyOmePassw0rd", "admin:"}},
		{"ome host user info", ome, "admin:Pw0rdQx@127.0.0.1", []string{"Pw0rdQx", "admin:"}},
		{"ome host short password", ome, "admin:pw@127.0.0.1", []string{"admin:pw", ":pw@"}},
		{"ome url query", ome, "https://127.0.0.1?token=OmeTok3n", []string{"OmeTok3n"}},
		{"unparsable ome url", ome, "https://admin:p?w0rdZ@127.0.0.1:x",
			[]string{"p?w0rdZ", "w0rdZ", "admin"}},
		{"dsm url user info", dsm, "http://user:DsmSecretPw@x.supabase.co",
			[]string{"DsmSecretPw", "user:"}},
		{"dsm url query", dsm,
			"https://x.supabase.co/functions/v1/openmanage-sync?apikey=sb_secret_ABCDEF123",
			[]string{"sb_secret_ABCDEF123", "apikey="}},
		{"dsm url fragment", dsm, "https://x.supabase.co/#access_token=FragTok9",
			[]string{"FragTok9"}},
		{"unparsable dsm url", dsm, "https://u:Bad%zzPw7@x.supabase.co:1x",
			[]string{"Bad%zzPw7", "zzPw7"}},
	}
}

// TestURLSecretsNeverShown runs each command, in both log formats, with a
// secret written into OME_HOST or DSM_URL: the value is refused (exit 2)
// wherever the command reads it, and the secret shows nowhere.
func TestURLSecretsNeverShown(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	for _, us := range urlSecrets() {
		for _, cmd := range []string{"sync", "check", "devices"} {
			for _, format := range []string{"text", "json"} {
				want := exitConfig
				if us.key == "DSM_URL" && cmd == "devices" {
					want = exitOK // it posts nothing, so it reads no DSM setting
				}

				env := s.with(map[string]string{us.key: us.value})
				code, stdout, stderr := runCLI(t, env, cmd, "--log-format", format)
				if code != want {
					t.Errorf("%s, %s, %s: exit %d, want %d; stderr:\n%s",
						us.name, cmd, format, code, want, stderr)
				}

				for _, secret := range us.secret {
					if strings.Contains(stdout+stderr, secret) {
						t.Errorf("%s, %s, %s: the output shows %q:\n%s%s",
							us.name, cmd, format, secret, stdout, stderr)
					}
				}
			}
		}
	}
}

// TestURLCredentialsRefused: user info in OME_HOST or DSM_URL, or a query
// in DSM_URL, is refused with what to do instead.
func TestURLCredentialsRefused(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	at := func(key, value string) map[string]string { return s.with(map[string]string{key: value}) }
	checkExits(t, []string{"check"}, []exitCase{
		{"ome", at("OME_HOST", "https://admin:x@127.0.0.1"), exitConfig,
			"put the user in OME_USERNAME (--ome-username) and the password in OME_PASSWORD"},
		{"ome host", at("OME_HOST", "admin:x@127.0.0.1"), exitConfig,
			`OME_HOST (--ome-host) "xxxxx@127.0.0.1": credentials do not belong in OME_HOST`},
		{"dsm", at("DSM_URL", "https://u:x@x.supabase.co"), exitConfig,
			`DSM_URL (--dsm-url) "https://xxxxx@x.supabase.co": credentials do not belong`},
		{"dsm query", at("DSM_URL", "https://x.supabase.co?apikey=k"), exitConfig,
			`DSM_URL (--dsm-url) "https://x.supabase.co": a query string does not belong`},
	})
}

// TestStartLineShowsSafeURLs: the first line of a run names both ends as
// app.SafeURL shows them, even for values that Validate would refuse.
func TestStartLineShowsSafeURLs(t *testing.T) {
	t.Parallel()
	cfg := &app.Config{OMEHost: "https://admin:S3cretA@127.0.0.1",
		DSMURL: "https://u:S3cretB@x.supabase.co/functions/v1?apikey=S3cretC"}
	got := startLine(cfg)
	want := "Starting sync from OpenManage Enterprise at https://xxxxx@127.0.0.1 " +
		"to DSM at https://xxxxx@x.supabase.co/functions/v1"
	if got != want {
		t.Errorf("startLine = %q, want %q", got, want)
	}
}
