package app

import (
	"strings"
	"testing"
)

func TestSafeURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, want string }{
		{"https://ome.example.com:8443", "https://ome.example.com:8443"},
		{" ome.example.com ", "ome.example.com"},
		{"https://admin:MyOmePassw0rd@127.0.0.1", "https://xxxxx@127.0.0.1"},
		{"https://token@127.0.0.1/x", "https://xxxxx@127.0.0.1/x"},
		{"admin:pw@127.0.0.1", "xxxxx@127.0.0.1"},
		{"http://user:DsmSecretPw@x.supabase.co", "http://xxxxx@x.supabase.co"},
		{"https://x.supabase.co/functions/v1/openmanage-sync?apikey=sb_secret_ABCDEF123",
			"https://x.supabase.co/functions/v1/openmanage-sync"},
		{"https://x.supabase.co/#access_token=t", "https://x.supabase.co/"},
		{"https://x.supabase.co?", "https://x.supabase.co"},
		{"https://a:p?w@host:x", "https://xxxxx@host:x"},
		{"https://u:Bad%zzPw@x.supabase.co:1x", "https://xxxxx@x.supabase.co:1x"},
		{"https://x/%zz?k=secret", "https://x/%zz"},
		{"a@b://c:pw@host", "xxxxx@host"},
		{"host?k=secret#f", "host"},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.raw); got != tt.want {
			t.Errorf("SafeURL(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestURLErrorsQuoteSafeURL: the errors of OME_HOST and DSM_URL quote the
// value without its user info or query.
func TestURLErrorsQuoteSafeURL(t *testing.T) {
	t.Parallel()
	for _, c := range []Config{
		{OMEHost: "https://admin:S3cretA@127.0.0.1", DSMURL: "https://u:S3cretB@x.supabase.co"},
		{OMEHost: "admin:S3cretA@127.0.0.1", DSMURL: "https://x.supabase.co?apikey=S3cretB"},
		{OMEHost: "https://127.0.0.1?t=S3cretA", DSMURL: "https://u:S3cretB@x.supabase.co:1x"},
	} {
		err := c.Validate()
		_, perr := dsmProjectURL(c.DSMURL)
		msg := err.Error() + perr.Error() + c.OMEURL() + c.String()
		if strings.Contains(msg, "S3cret") {
			t.Errorf("%q, %q: a message shows a secret: %s", c.OMEHost, c.DSMURL, msg)
		}
	}
}
