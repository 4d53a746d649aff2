package dsm

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// secretHolders returns a value of every type that holds a secret, each
// holding the secrets given, after a sign-in and a refresh.
func secretHolders(t *testing.T, apiKey, password, refresh, jwt string) map[string]any {
	t.Helper()

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testAuth, httpmock.NewJsonResponderOrPanic(200,
		map[string]any{"access_token": jwt, "expires_in": 3600, "refresh_token": refresh + "-next"}))
	hc := WithHTTPClient(&http.Client{Transport: mt})
	static, _ := StaticToken(jwt)
	c, _ := NewClient(testBase, WithAPIKey(apiKey), WithTokenSource(static), hc)
	ps, _ := NewPasswordSource(testBase, apiKey, "ops@example.com", password, hc)
	rs, _ := NewRefreshSource(testBase, apiKey, NewMemoryStore(refresh), hc)
	for _, ts := range []TokenSource{ps, rs} {
		if _, err := ts.Token(t.Context()); err != nil {
			t.Fatal(err)
		}
	}

	return map[string]any{"Client": c, "PasswordSource": ps, "RefreshSource": rs,
		"MemoryStore": NewMemoryStore(refresh), "StaticToken": static,
		"Token": &Token{AccessToken: jwt, Expiry: time.Now()}}
}

func TestFormattingHidesSecrets(t *testing.T) {
	t.Parallel()

	const apiKey, password, refresh = "anon-KEY-1", "pass-WORD-2", "refresh-TOKEN-3"
	jwt := testJWT("subject-4", time.Now().Add(time.Hour))
	var secrets []string
	for _, s := range []string{apiKey, password, refresh, jwt, strings.Split(jwt, ".")[1]} {
		secrets = append(secrets, s, hex.EncodeToString([]byte(s)))
	}

	var leaks []string
	for name, ptr := range secretHolders(t, apiKey, password, refresh, jwt) {
		// The value is copied by reflection: vet refuses a copy of a lock.
		val := reflect.ValueOf(ptr).Elem().Interface()
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			for form, arg := range map[string]any{"pointer": ptr, "value": val} {
				out := fmt.Sprintf(verb, arg)
				if slices.ContainsFunc(secrets, func(s string) bool { return strings.Contains(out, s) }) {
					leaks = append(leaks, name+" "+form+" "+verb)
				}
			}
		}
	}

	slices.Sort(leaks)
	if diff := cmp.Diff([]string(nil), leaks); diff != "" {
		t.Errorf("formatted values that show a secret (-want +got):\n%s", diff)
	}
}

// TestTokenLogValueHidesTheToken logs a Token, and a pointer to one,
// through slog's text and JSON handlers.
func TestTokenLogValueHidesTheToken(t *testing.T) {
	t.Parallel()
	tok := Token{AccessToken: "eyJ.secret-body.sig", Expiry: time.Unix(1700000000, 0)}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		slog.New(h).Info("token", "value", tok, "pointer", &tok)
	}

	if out := buf.String(); strings.Contains(out, "secret-body") || !strings.Contains(out, "[redacted]") {
		t.Errorf("slog output shows the token or no redaction mark:\n%s", out)
	}
}
