package dsm

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// b19Gateway plays the function's gateway for the B19 case: it refuses
// expired tokens with the PostgREST body, tokens in refuse with the same
// body although they have not expired, and every token once legacy is
// set, with UNAUTHORIZED_LEGACY_JWT.
type b19Gateway struct {
	mu     sync.Mutex
	clock  *clock
	refuse map[string]bool
	legacy bool
	log    []string
	seen   []string
}

func (g *b19Gateway) respond(req *http.Request) (*http.Response, error) {
	g.mu.Lock()
	defer g.mu.Unlock()

	tok := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
	g.seen = append(g.seen, tok)
	exp, _ := TokenExpiry(tok)
	status := 200
	switch {
	case g.legacy:
		status = 401
	case !g.clock.Now().Before(exp) || g.refuse[tok]:
		status = 401
	}

	key := req.Header.Get("Idempotency-Key")
	g.log = append(g.log, fmt.Sprintf("sync %s key=%s -> %d", subject(tok), key, status))
	if status == 200 {
		return httpmock.NewStringResponse(200, okBody(2)), nil
	}

	if g.legacy {
		resp, _ := httpmock.NewJsonResponse(401, map[string]any{
			"code": "UNAUTHORIZED_LEGACY_JWT", "message": "Invalid JWT"})
		resp.Header.Set("sb-error-code", "UNAUTHORIZED_LEGACY_JWT")

		return resp, nil
	}

	resp, _ := httpmock.NewJsonResponse(401, map[string]any{
		"code": "PGRST301", "details": nil, "hint": nil, "message": "JWT expired"})
	resp.Header.Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="JWT expired"`)

	return resp, nil
}

// subject reads the sub claim the test auth server put in a token.
func subject(tok string) string {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "?"
	}

	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])

	var c struct{ Sub string }
	_ = json.Unmarshal(raw, &c)

	return c.Sub
}

// b19Setup wires a client with a refresh source, 5 s tokens and the gateway.
func b19Setup(t *testing.T) (*Client, *b19Gateway, *authServer, *clock) {
	t.Helper()

	mt := httpmock.NewMockTransport()
	clk := newClock()
	a := newAuthServer(mt, clk, 5*time.Second)
	g := &b19Gateway{clock: clk, refuse: map[string]bool{}}
	mt.RegisterResponder(http.MethodPost, testSync, g.respond)

	rs, err := NewRefreshSource(testBase, "anon", NewMemoryStore("rt-0"), WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}

	rs.auth.now = clk.Now
	c, _ := newTestClient(t, mt, WithTokenSource(rs), WithBatchSize(2))

	return c, g, a, clk
}

// TestB19ProactiveRefresh: 5 s tokens, a batch every 2 s; the source
// renews at half the token's life, so the gateway never sees an expired
// token.
func TestB19ProactiveRefresh(t *testing.T) {
	t.Parallel()

	c, g, a, clk := b19Setup(t)
	for range 5 {
		if _, err := c.Sync(t.Context(), &SyncRequest{Devices: records(2)}); err != nil {
			t.Fatal(err)
		}

		clk.Add(2 * time.Second)
	}

	var subjects []string
	for _, l := range g.log {
		subjects = append(subjects, strings.Fields(l)[1]+" "+strings.Fields(l)[4])
	}

	want := []string{"access-1 200", "access-1 200", "access-2 200", "access-2 200", "access-3 200"}
	if diff := cmp.Diff(want, subjects); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}

	if len(a.grants) != 3 {
		t.Errorf("refresh grants = %d, want 3", len(a.grants))
	}
}

// TestB19ReactiveRefreshReplaysSameKey: a 401 on a token that has not
// expired yet is met with one refresh and a replay under the same
// Idempotency-Key.
func TestB19ReactiveRefreshReplaysSameKey(t *testing.T) {
	t.Parallel()

	c, g, a, _ := b19Setup(t)
	tok, _ := c.ts.Token(t.Context())
	g.refuse[tok.AccessToken] = true

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(2)})
	if err != nil || res.Summary.New != 2 || res.Requests != 2 {
		t.Fatalf("Sync = %+v, %v; want 2 new in 2 requests", res, err)
	}

	key := strings.Fields(g.log[0])[2]
	want := []string{"sync access-1 " + key + " -> 401", "sync access-2 " + key + " -> 200"}
	if diff := cmp.Diff(want, g.log); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}

	if len(a.grants) != 2 {
		t.Errorf("refresh grants = %d, want 2 (first token, one renewal)", len(a.grants))
	}
}

// TestB19PersistentUnauthorizedStops: a 401 that a refresh does not fix
// ends the run with a typed error naming the server code, after one
// refresh and one replay, without sending the other batches.
func TestB19PersistentUnauthorizedStops(t *testing.T) {
	t.Parallel()

	c, g, a, _ := b19Setup(t)
	g.legacy = true

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(6)})
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}

	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "UNAUTHORIZED_LEGACY_JWT" || ae.Hint != hintRenewed {
		t.Errorf("APIError = %+v, want code UNAUTHORIZED_LEGACY_JWT with the renewed hint", ae)
	}

	got := []int{len(g.log), len(a.grants), len(res.Failed), res.FailedRecords(), res.Requests}
	if diff := cmp.Diff([]int{2, 2, 3, 6, 2}, got); diff != "" {
		t.Errorf("[syncs grants failed-batches failed-records requests] (-want +got):\n%s", diff)
	}

	for _, tok := range g.seen {
		if strings.Contains(err.Error(), tok) || strings.Contains(fmt.Sprintf("%+v", res), tok) {
			t.Fatal("a token appears in the error or the result")
		}
	}

	for _, want := range []string{"UNAUTHORIZED_LEGACY_JWT", "Invalid JWT", "renewing again will not help"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
