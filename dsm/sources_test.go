package dsm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// clock is a settable time for token sources.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1_800_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()

	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.now = c.now.Add(d)
}

// authServer plays the token endpoint: it rotates refresh tokens rt-0,
// rt-1, ... and refuses any token used twice.
type authServer struct {
	mu      sync.Mutex
	clock   *clock
	ttl     time.Duration
	used    map[string]bool
	n       int
	grants  []string
	apikeys []string
	events  *[]string
}

func (a *authServer) respond(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	defer a.mu.Unlock()

	var body map[string]string
	_ = json.NewDecoder(req.Body).Decode(&body)
	grant := req.URL.Query().Get("grant_type")
	a.grants = append(a.grants, grant)
	a.apikeys = append(a.apikeys, req.Header.Get("apikey"))

	if grant == grantRefresh && (a.used[body["refresh_token"]] || body["refresh_token"] != a.current()) {
		return httpmock.NewJsonResponse(400, map[string]any{
			"code": 400, "error_code": "refresh_token_already_used", "msg": "Invalid Refresh Token: Already Used"})
	}

	if grant == grantPassword && body["password"] != `s3cr:t"` {
		return httpmock.NewJsonResponse(400, map[string]any{
			"code": 400, "error_code": "invalid_credentials", "msg": "Invalid login credentials"})
	}

	a.used[body["refresh_token"]] = true
	a.n++
	access := testJWT(fmt.Sprintf("access-%d", a.n), a.clock.Now().Add(a.ttl))
	a.log("grant " + grant + " -> " + a.current())

	return httpmock.NewJsonResponse(200, map[string]any{
		"access_token": access, "token_type": "bearer", "expires_in": int(a.ttl.Seconds()),
		"expires_at": a.clock.Now().Add(a.ttl).Unix(), "refresh_token": a.current(),
	})
}

func (a *authServer) current() string { return fmt.Sprintf("rt-%d", a.n) }

func (a *authServer) log(s string) {
	if a.events != nil {
		*a.events = append(*a.events, s)
	}
}

// newAuthServer registers a token endpoint on mt.
func newAuthServer(mt *httpmock.MockTransport, clk *clock, ttl time.Duration) *authServer {
	a := &authServer{clock: clk, ttl: ttl, used: map[string]bool{}}
	mt.RegisterResponder(http.MethodPost, testAuth, a.respond)

	return a
}

func TestPasswordSourceSignsInAndRenewsBeforeExpiry(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	clk := newClock()
	a := newAuthServer(mt, clk, 10*time.Minute)
	ps, err := NewPasswordSource(testBase, "anon", "ops@example.com", `s3cr:t"`,
		WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}

	ps.auth.now = clk.Now

	first, _ := ps.Token(t.Context())
	again, _ := ps.Token(t.Context())
	clk.Add(10*time.Minute - RenewBefore + time.Second)
	renewed, err := ps.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}

	if first.AccessToken != again.AccessToken || renewed.AccessToken == first.AccessToken {
		t.Error("token was not cached, or not renewed a minute before expiry")
	}

	if diff := cmp.Diff([]string{"password", "password"}, a.grants); diff != "" {
		t.Errorf("grants (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff([]string{"anon", "anon"}, a.apikeys); diff != "" {
		t.Errorf("apikey headers (-want +got):\n%s", diff)
	}
}

func TestPasswordSourceRefusedHidesPassword(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	newAuthServer(mt, newClock(), time.Hour)
	ps, _ := NewPasswordSource(testBase, "anon", "ops@example.com", "wrong-pass-123",
		WithHTTPClient(&http.Client{Transport: mt}))

	_, err := ps.Token(t.Context())
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "invalid_credentials") {
		t.Fatalf("err = %v, want ErrUnauthorized naming invalid_credentials", err)
	}

	for _, text := range []string{err.Error(), fmt.Sprintf("%v %+v %#v", ps, ps, ps)} {
		if strings.Contains(text, "wrong-pass-123") {
			t.Errorf("password leaked in %q", text)
		}
	}
}

func TestAuthAnswerExpiry(t *testing.T) {
	t.Parallel()

	clk := newClock()
	a := &authClient{now: clk.Now}
	now, week := clk.Now(), clk.Now().Add(MaxTokenLifetime)
	jwtExp := now.Add(3 * time.Hour)
	jwt := testJWT("a", jwtExp)
	tests := []struct {
		name    string
		ans     authAnswer
		want    time.Time
		expired bool
	}{
		{"expires_at wins", authAnswer{ExpiresAt: now.Unix() + 60, ExpiresIn: 3600}, now.Add(time.Minute), false},
		{"expires_in", authAnswer{ExpiresIn: 3600}, now.Add(time.Hour), false},
		{"jwt exp", authAnswer{}, jwtExp, false},
		{"unknown", authAnswer{AccessToken: "opaque"}, time.Time{}, false},
		{"expires_in overflows", authAnswer{ExpiresIn: 9223372037}, week, false},
		{"expires_in max", authAnswer{ExpiresIn: math.MaxInt64}, week, false},
		{"expires_at far away", authAnswer{ExpiresAt: math.MaxInt64}, week, false},
		{"jwt exp far away", authAnswer{AccessToken: testJWT("a", now.Add(30*24*time.Hour))}, week, false},
		{"expires_in negative", authAnswer{ExpiresIn: -5}, time.Time{}, true},
		{"expires_in very negative", authAnswer{ExpiresIn: math.MinInt64}, time.Time{}, true},
		{"expires_at past", authAnswer{ExpiresAt: now.Unix() - 1, ExpiresIn: 3600}, time.Time{}, true},
		{"expires_at negative", authAnswer{ExpiresAt: -1}, time.Time{}, true},
		{"jwt exp now", authAnswer{AccessToken: testJWT("a", now)}, time.Time{}, true},
	}
	for _, tt := range tests {
		if tt.ans.AccessToken == "" {
			tt.ans.AccessToken = jwt
		}

		tok, err := a.token(grantPassword, &tt.ans)
		if tt.expired {
			if !errors.Is(err, ErrTokenExpired) || !strings.Contains(err.Error(), "clock") {
				t.Errorf("%s: err = %v, want ErrTokenExpired that names the clock", tt.name, err)
			}

			continue
		}

		if err != nil || !tok.Expiry.Equal(tt.want) {
			t.Errorf("%s: expiry %v, %v; want %v", tt.name, tok, err, tt.want)
		}
	}
}

// orderedStore logs saves into the shared event list.
type orderedStore struct {
	*MemoryStore
	events *[]string
	fail   bool
}

func (s *orderedStore) Save(ctx context.Context, rt string) error {
	*s.events = append(*s.events, "save "+rt)
	if s.fail {
		return errors.New("disk full")
	}

	return s.MemoryStore.Save(ctx, rt)
}

func TestRefreshSourceSavesRotatedTokenBeforeUse(t *testing.T) {
	t.Parallel()

	var events []string
	mt := httpmock.NewMockTransport()
	clk := newClock()
	a := newAuthServer(mt, clk, 5*time.Minute)
	a.events = &events
	mt.RegisterResponder(http.MethodPost, testSync, func(req *http.Request) (*http.Response, error) {
		exp, _ := TokenExpiry(strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
		events = append(events, "sync exp+"+exp.Sub(clk.Now()).String())
		return httpmock.NewStringResponse(200, okBody(1)), nil
	})

	store := &orderedStore{MemoryStore: NewMemoryStore("rt-0"), events: &events}
	rs, _ := NewRefreshSource(testBase, "anon", store, WithHTTPClient(&http.Client{Transport: mt}))
	rs.auth.now = clk.Now
	c, _ := newTestClient(t, mt, WithTokenSource(rs))

	for range 3 {
		if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)}); err != nil {
			t.Fatal(err)
		}

		clk.Add(2 * time.Minute)
	}

	want := []string{"grant refresh_token -> rt-1", "save rt-1", "sync exp+5m0s", "sync exp+3m0s",
		"grant refresh_token -> rt-2", "save rt-2", "sync exp+5m0s"}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}

	if rt, _ := store.Load(t.Context()); rt != "rt-2" {
		t.Errorf("stored refresh token = %q, want rt-2", rt)
	}
}

func TestRefreshSourceSaveFailureKeepsTheNewPair(t *testing.T) {
	t.Parallel()

	var events []string
	mt := httpmock.NewMockTransport()
	clk := newClock()
	a := newAuthServer(mt, clk, time.Hour)
	store := &orderedStore{MemoryStore: NewMemoryStore("rt-0"), events: &events, fail: true}
	rs, _ := NewRefreshSource(testBase, "", store, WithHTTPClient(&http.Client{Transport: mt}))
	rs.auth.now = clk.Now

	var tokens []string
	for range 3 {
		tok, err := rs.Token(t.Context())
		if err != nil {
			t.Fatalf("Token() = %v; a failed save must not throw the new token away", err)
		}

		tokens = append(tokens, tok.AccessToken)
	}

	err := rs.Flush(t.Context())
	if !errors.Is(err, ErrRefreshNotSaved) || !strings.Contains(err.Error(), "disk full") ||
		strings.Contains(err.Error(), "rt-1") {
		t.Errorf("Flush = %v, want ErrRefreshNotSaved naming the cause but not the token", err)
	}

	store.fail = false
	clk.Add(time.Hour)
	if _, err := rs.Token(t.Context()); err != nil || rs.Flush(t.Context()) != nil {
		t.Fatalf("Token() after the store healed = %v; Flush = %v", err, rs.Flush(t.Context()))
	}

	want := []string{"save rt-1", "save rt-1", "save rt-1", "save rt-1", "save rt-1", "save rt-2"}
	if diff := cmp.Diff(want, events); diff != "" || len(a.grants) != 2 || tokens[1] != tokens[0] ||
		tokens[2] != tokens[0] {
		t.Errorf("saves (-want +got):\n%s\ngrants %v; tokens the same: %v", diff, a.grants,
			tokens[1] == tokens[0] && tokens[2] == tokens[0])
	}

	if rt, _ := store.Load(t.Context()); rt != "rt-2" {
		t.Errorf("stored refresh token = %q, want rt-2", rt)
	}
}

func TestRefreshSourceSingleFlight(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	a := newAuthServer(mt, newClock(), time.Hour)
	rs, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-0"), WithHTTPClient(&http.Client{Transport: mt}))

	var wg sync.WaitGroup
	tokens := make([]string, 8)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if tok, err := rs.Token(t.Context()); err == nil {
				tokens[i] = tok.AccessToken
			}
		}()
	}
	wg.Wait()

	if len(a.grants) != 1 {
		t.Errorf("grants = %d, want 1", len(a.grants))
	}

	for _, tok := range tokens {
		if tok != tokens[0] || tok == "" {
			t.Fatalf("callers got different tokens")
		}
	}
}

func TestRefreshSourceErrors(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	newAuthServer(mt, newClock(), time.Hour)
	hc := WithHTTPClient(&http.Client{Transport: mt})

	empty, _ := NewRefreshSource(testBase, "", NewMemoryStore(""), hc)
	if _, err := empty.Token(t.Context()); !errors.Is(err, errNoRefreshToken) {
		t.Errorf("empty store: err = %v", err)
	}

	spent, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-spent-secret"), hc)
	_, err := spent.Token(t.Context())
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "sign in with a password") ||
		strings.Contains(err.Error(), "rt-spent-secret") {
		t.Errorf("spent token: err = %v", err)
	}

	if _, err := NewRefreshSource(testBase, "", nil); err == nil {
		t.Error("nil store accepted")
	}

	if _, err := NewPasswordSource(testBase, "", "", "x"); err == nil {
		t.Error("empty email accepted")
	}
}

func TestAuthAnswersThatAreNotTokens(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name, ct, body string
		status         int
		unauthorized   bool
	}{
		{"html 200", "text/html", "<html>sign in</html>", 200, false},
		{"json without token", "application/json", `{"token_type":"bearer"}`, 200, false},
		{"503", "application/json", `{"message":"unavailable"}`, 503, false},
		{"400", "application/json", `{"error":"invalid_grant","error_description":"bad"}`, 400, true},
	}
	for _, tt := range tests {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodPost, testAuth, func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(tt.status, tt.body)
			resp.Header.Set("Content-Type", tt.ct)
			return resp, nil
		})

		hc := WithHTTPClient(&http.Client{Transport: mt})
		rs, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-secret-0"), hc)

		_, err := rs.Token(t.Context())
		leaked := err != nil && strings.Contains(err.Error(), "rt-secret")
		if err == nil || errors.Is(err, ErrUnauthorized) != tt.unauthorized || leaked {
			t.Errorf("%s: err = %v, want unauthorized %v", tt.name, err, tt.unauthorized)
		}

		if s := fmt.Sprintf("%v %#v", rs, rs); strings.Contains(s, "rt-secret") {
			t.Errorf("%s: refresh token shown by fmt: %s", tt.name, s)
		}
	}
}

func TestPasswordSourceRenewsAfterRevocation(t *testing.T) {
	t.Parallel()

	sim := dsmsim.Start(dsmsim.Config{APIKey: "anon", Users: map[string]string{"ops@example.com": "pw"}})
	defer sim.Close()

	ps, _ := NewPasswordSource(sim.URL(), "anon", "ops@example.com", "pw")
	c, _ := NewClient(sim.URL(), WithTokenSource(ps))
	post := func() error {
		_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
		return err
	}

	if err := post(); err != nil {
		t.Fatal(err)
	}

	sim.RevokeAll()
	if err := post(); err != nil {
		t.Fatal(err)
	}

	got := []int{sim.Requests(), sim.AuthRequests()}
	if diff := cmp.Diff([]int{3, 2}, got); diff != "" {
		t.Errorf("[sync auth] requests (-want +got):\n%s", diff)
	}

	tok, _ := ps.Token(t.Context())
	again, _ := ps.Renew(t.Context())
	if tok.AccessToken == again.AccessToken || sim.AuthRequests() != 3 {
		t.Error("Renew did not sign in again")
	}
}

func TestTokenWaitersGiveUpWhenTheirContextEnds(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	a := newAuthServer(mt, newClock(), time.Hour)
	entered, release := make(chan struct{}), make(chan struct{})
	unblock := sync.OnceFunc(func() { close(release) })
	t.Cleanup(unblock)
	mt.RegisterResponder(http.MethodPost, testAuth, func(req *http.Request) (*http.Response, error) {
		close(entered)
		<-release

		return a.respond(req)
	})
	ps, _ := NewPasswordSource(testBase, "", "ops@example.com", `s3cr:t"`,
		WithHTTPClient(&http.Client{Transport: mt}))

	first := make(chan error, 1)
	go func() {
		_, err := ps.Token(t.Context())
		first <- err
	}()
	<-entered

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, call := range map[string]func(context.Context) (*Token, error){
		"Token": ps.Token, "Renew": ps.Renew,
	} {
		if err := waitBriefly(t, func() error { _, err := call(ctx); return err }); !errors.Is(err, context.Canceled) {
			t.Errorf("%s while a sign-in is under way, cancelled context: err = %v, want context.Canceled", name, err)
		}
	}

	unblock()
	if err := <-first; err != nil || len(a.grants) != 1 {
		t.Errorf("first caller: err = %v after %d grants; want nil after 1", err, len(a.grants))
	}
}

// waitBriefly runs f and returns its error, failing the test if f is
// still blocked after a few seconds (it should return at once).
func waitBriefly(t *testing.T, f func() error) error {
	t.Helper()

	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("call still blocked: it does not look at its context")
		return nil
	}
}

func TestAbsurdExpiryIsCappedNotGrantedAgain(t *testing.T) {
	t.Parallel()

	clk := newClock()
	for name, ans := range map[string]map[string]any{
		"expires_in overflows": {"expires_in": int64(9223372037)},
		"expires_at far away":  {"expires_at": int64(math.MaxInt64)},
	} {
		mt := httpmock.NewMockTransport()
		ans["access_token"], ans["refresh_token"] = testJWT("a", time.Time{}), "rt-1"
		mt.RegisterResponder(http.MethodPost, testAuth, httpmock.NewJsonResponderOrPanic(200, ans))
		rs, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-0"), WithHTTPClient(&http.Client{Transport: mt}))
		rs.auth.now = clk.Now

		var expiries []time.Time
		for range 3 {
			tok, err := rs.Token(t.Context())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}

			expiries = append(expiries, tok.Expiry)
		}

		want := clk.Now().Add(MaxTokenLifetime)
		if diff := cmp.Diff([]time.Time{want, want, want}, expiries); diff != "" || mt.GetTotalCallCount() != 1 {
			t.Errorf("%s: expiries (-want +got):\n%s\nafter %d grants, want 1", name, diff, mt.GetTotalCallCount())
		}
	}
}

func TestRefreshSourceNeverResendsATokenWhoseGrantIsInDoubt(t *testing.T) {
	t.Parallel()

	reset := errors.New("read tcp 192.0.2.1:443: connection reset by peer")
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := map[string]struct {
		fail    error
		status  int
		body    string
		inDoubt bool
	}{
		"answer lost":         {fail: reset, inDoubt: true},
		"500":                 {status: 500, body: `{"message":"internal"}`, inDoubt: true},
		"503":                 {status: 503, body: `{"message":"unavailable"}`, inDoubt: true},
		"200 without a token": {status: 200, body: `<html>maintenance</html>`, inDoubt: true},
		"never sent (dial)":   {fail: refused},
		"429, not handled":    {status: 429, body: `{"msg":"over_request_rate_limit"}`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, testAuth, failOr(tt.fail, tt.status, tt.body))
			hc := WithHTTPClient(&http.Client{Transport: mt})
			rs, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-secret-0"), hc)

			_, first := rs.Token(t.Context())
			_, second := rs.Token(t.Context())
			_, renew := rs.Renew(t.Context())

			grants := 3
			if tt.inDoubt {
				grants = 1
			}

			got := []any{mt.GetTotalCallCount(), errors.Is(first, ErrRefreshInDoubt),
				errors.Is(second, ErrRefreshInDoubt), errors.Is(renew, ErrRefreshInDoubt)}
			want := []any{grants, tt.inDoubt, tt.inDoubt, tt.inDoubt}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[grants in-doubt: first second renew] (-want +got):\n%s\nerrs: %v; %v",
					diff, first, second)
			}

			assertInDoubtText(t, second, tt.inDoubt)
		})
	}
}

// assertInDoubtText checks that an in-doubt error says what happened and
// what to do, without the refresh token.
func assertInDoubtText(t *testing.T, err error, inDoubt bool) {
	t.Helper()

	if err == nil || strings.Contains(err.Error(), "rt-secret") {
		t.Fatalf("err = %v, want an error without the refresh token", err)
	}

	if !inDoubt {
		return
	}

	for _, want := range []string{"outcome unknown", "not sent again", "revokes the session",
		"sign in with a password"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestClientDoesNotResendARefreshTokenWhoseGrantIsInDoubt(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testAuth, httpmock.NewStringResponder(504, "timeout"))
	mt.RegisterResponder(http.MethodPost, testSync, httpmock.NewStringResponder(200, okBody(1)))
	hc := WithHTTPClient(&http.Client{Transport: mt})
	rs, _ := NewRefreshSource(testBase, "", NewMemoryStore("rt-0"), hc)
	c, _ := newTestClient(t, mt, WithTokenSource(rs))

	var stops []bool
	for range 3 {
		_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
		stops = append(stops, StopsRun(err) && errors.Is(err, ErrRefreshInDoubt))
	}

	calls := mt.GetCallCountInfo()
	got := []any{calls["POST "+testAuth], calls["POST "+testSync], stops}
	if diff := cmp.Diff([]any{1, 0, []bool{true, true, true}}, got); diff != "" {
		t.Errorf("[grants syncs stops-in-doubt] (-want +got):\n%s", diff)
	}
}
