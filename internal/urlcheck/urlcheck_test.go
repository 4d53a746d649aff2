package urlcheck

import (
	"net/url"
	"strings"
	"testing"
)

func TestShownDropsSecrets(t *testing.T) {
	t.Parallel()
	u, err := url.Parse("https://ops:Pw0rd@ome.example.com:8443/proxy/api?key=K3y#frag")
	if err != nil {
		t.Fatal(err)
	}

	if got, want := Shown(u), "https://ome.example.com:8443/proxy/api"; got != want {
		t.Errorf("Shown = %q, want %q", got, want)
	}

	if !HasQuery(u) {
		t.Error("HasQuery = false for a URL with a query and a fragment")
	}
}

func TestHasQuery(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]bool{
		"https://h": false, "https://h/p": false, "https://h?": true,
		"https://h?a=1": true, "https://h#x": true,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}

		if got := HasQuery(u); got != want {
			t.Errorf("HasQuery(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestCauseDropsTheQuotedURL(t *testing.T) {
	t.Parallel()
	bad := []string{"https://ops:Pw0rd@host:bad port/"} // a slice, as staticcheck flags the literal
	_, err := url.Parse(bad[0])
	if err == nil {
		t.Fatal("url.Parse took a bad port")
	}

	if got := Cause(err).Error(); strings.Contains(got, "Pw0rd") {
		t.Errorf("Cause = %q, shows the password", got)
	}
}
