package dsm

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTokenExpiry(t *testing.T) {
	t.Parallel()

	exp := time.Unix(1893456000, 0)
	tests := []struct {
		name, jwt string
		want      time.Time
		wantErr   error
	}{
		{"exp read", testJWT("a", exp), exp, nil},
		{"padded claims", strings.Replace(testJWT("a", exp), ".c2ln", "==.c2ln", 1), exp, nil},
		{"no exp", testJWT("a", time.Time{}), time.Time{}, ErrNoExpiry},
		{"two parts", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9", time.Time{}, ErrNotJWT},
		{"claims not base64", "a.%%%.c", time.Time{}, ErrNotJWT},
		{"claims not json", "a.bm90IGpzb24.c", time.Time{}, ErrNotJWT},
		{"exp not a number", "a.eyJleHAiOiJ4In0.c", time.Time{}, ErrNotJWT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			got, err := TokenExpiry(tt.jwt)
			if !got.Equal(tt.want) || !errors.Is(err, tt.wantErr) {
				t.Errorf("TokenExpiry = %v, %v; want %v, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestStaticTokenExpiredFailsWithoutTheToken(t *testing.T) {
	t.Parallel()

	jwt := testJWT("ops", time.Now().Add(-time.Minute))
	ts, err := StaticToken(jwt)
	if err != nil {
		t.Fatal(err)
	}

	_, err = ts.Token(t.Context())
	if !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("err = %v, want ErrTokenExpired", err)
	}

	msg := err.Error()
	if !strings.Contains(msg, "sign in to DSM again") || !strings.Contains(msg, "password sign-in") {
		t.Errorf("error %q does not say how to get a new token", msg)
	}

	for _, text := range []string{msg, fmt.Sprint(ts), fmt.Sprintf("%+v %#v", ts, ts)} {
		if strings.Contains(text, jwt) || strings.Contains(text, strings.Split(jwt, ".")[1]) {
			t.Errorf("token leaked in %q", text)
		}
	}
}

func TestStaticTokenValid(t *testing.T) {
	t.Parallel()

	jwt := testJWT("ops", time.Now().Add(time.Hour))
	for _, in := range []string{jwt, " Bearer " + jwt + "\n"} {
		ts, err := StaticToken(in)
		if err != nil {
			t.Fatal(err)
		}

		tok, err := ts.Token(t.Context())
		if err != nil || tok.AccessToken != jwt {
			t.Errorf("Token() = %v, %v; want the jwt itself", tok, err)
		}
	}

	if _, err := StaticToken("not-a-jwt"); !errors.Is(err, ErrNotJWT) || strings.Contains(err.Error(), "not-a-jwt") {
		t.Errorf("StaticToken(garbage) err = %v, want ErrNotJWT without the text", err)
	}
}

// TestStaticTokenEmpty says that no token was given, and how to get one,
// for an empty or blank token, also one that is only the Bearer scheme.
func TestStaticTokenEmpty(t *testing.T) {
	t.Parallel()

	const want = "dsm: token is not a jwt: no token was given (it is empty): sign in to " +
		"DSM for an access token (a JWT), or use NewPasswordSource or NewRefreshSource " +
		"so that the client signs in itself"
	inputs := []string{"", "  \t\n", "Bearer", " bearer  ", "Bearer \t"}
	got := map[string]string{}
	wantAll := map[string]string{}
	for _, in := range inputs {
		wantAll[in] = want
		ts, err := StaticToken(in)
		if ts != nil || !errors.Is(err, ErrNotJWT) {
			t.Errorf("StaticToken(%q) = %v, %v; want no source and ErrNotJWT", in, ts, err)
		}

		got[in] = errText(err)
	}

	_, err := TokenExpiry(" ")
	got["TokenExpiry"], wantAll["TokenExpiry"] = errText(err), want
	if diff := cmp.Diff(wantAll, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestStaticTokenStripsTheBearerScheme(t *testing.T) {
	t.Parallel()

	jwt := testJWT("ops", time.Now().Add(time.Hour))
	inputs := []string{jwt, "Bearer " + jwt, "bearer " + jwt, "BEARER " + jwt,
		" \tBeArEr \t " + jwt + " \n", "Bearer\t" + jwt}
	got := make([]string, len(inputs))
	want := make([]string, len(inputs))
	for i, in := range inputs {
		want[i] = jwt
		ts, err := StaticToken(in)
		if err != nil {
			t.Fatalf("StaticToken(%d): %v", i, err)
		}

		tok, err := ts.Token(t.Context())
		if err != nil {
			t.Fatalf("Token(%d): %v", i, err)
		}

		got[i] = tok.AccessToken
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

func TestRenewerIsATokenSource(t *testing.T) {
	t.Parallel()

	ps, err := NewPasswordSource(testBase, "", "ops@example.com", "pw")
	if err != nil {
		t.Fatal(err)
	}

	var r Renewer = ps
	if _, err := NewClient(testBase, WithTokenSource(r)); err != nil {
		t.Errorf("a Renewer is not taken as a TokenSource: %v", err)
	}
}
