package dsm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBaseURLRefusesOtherServices refuses the URL of another Supabase
// service, or of another function, with the project URL to use, in
// NewClient and in both token sources that sign in.
func TestBaseURLRefusesOtherServices(t *testing.T) {
	t.Parallel()
	const proj = "https://abcd.supabase.co"
	rest := "its REST API (/rest/v1)"
	tests := []struct{ base, what, project string }{
		{proj + "/rest/v1", rest, proj},
		{proj + "/rest/v1/", rest, proj},
		{proj + "/rest/v1/servers", rest, proj},
		{proj + "/auth/v1/token", "its Auth service (/auth/v1)", proj},
		{proj + "/storage/v1", "its Storage service (/storage/v1)", proj},
		{proj + "/realtime/v1/", "its Realtime service (/realtime/v1)", proj},
		{proj + "/GraphQL/v1", "its GraphQL service (/graphql/v1)", proj},
		{proj + "/functions/v1/hello",
			"another of its Edge Functions than openmanage-sync (/functions/v1)", proj},
		{"https://example.com/dsm/rest/v1", rest, "https://example.com/dsm"},
	}
	want, got := map[string]string{}, map[string]string{}
	for _, tc := range tests {
		want[tc.base] = "dsm: base url " + tc.base + " points at " + tc.what +
			", not at the Supabase project, so every sync would fail with 404: " +
			"use the project URL " + tc.project
		got[tc.base] = sameRefusal(t, tc.base)
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// sameRefusal returns NewClient's error for base, after checking that
// the password and refresh sources refuse base with the same text.
func sameRefusal(t *testing.T, base string) string {
	t.Helper()
	_, err := NewClient(base)
	_, perr := NewPasswordSource(base, "", "ops@example.com", "pw")
	_, rerr := NewRefreshSource(base, "", NewMemoryStore("rt"))
	texts := []string{errText(err), errText(perr), errText(rerr)}
	if texts[0] != texts[1] || texts[0] != texts[2] {
		t.Errorf("%s: NewClient, NewPasswordSource and NewRefreshSource disagree: %q", base, texts)
	}

	return texts[0]
}

// TestBaseURLRefusesSecretsUnshown refuses user info, a query and a
// fragment without repeating them, also when url.Parse fails.
func TestBaseURLRefusesSecretsUnshown(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-Pa55"
	const user = "dsm: base url https://abcd.supabase.co must not carry user info " +
		"(user:password@, not shown here): give the project URL alone, and the sign-in " +
		"through WithTokenSource (StaticToken, NewPasswordSource or NewRefreshSource)"
	const query = "dsm: base url https://abcd.supabase.co/functions/v1 must not carry a " +
		"query or fragment (not shown here): give the project URL alone, and the api key " +
		"through WithAPIKey"
	tests := map[string]string{
		"https://ops:" + secret + "@abcd.supabase.co":            user,
		"https://" + secret + "@abcd.supabase.co":                user,
		"https://abcd.supabase.co/functions/v1?apikey=" + secret: query,
		"https://abcd.supabase.co/functions/v1#" + secret:        query,
		"https://ops:" + secret + "@abcd.supabase.co:port": "dsm: base url is not a URL " +
			`(invalid port ":port" after host): it must look like https://<project>.supabase.co`,
	}
	got := map[string]string{}
	for base := range tests {
		got[base] = sameRefusal(t, base)
		if strings.Contains(got[base], secret) {
			t.Errorf("the error for a base url with a secret shows it: %s", got[base])
		}
	}

	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
