package dsm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// canned is one scripted answer.
type canned struct {
	status int
	body   string
	header map[string]string
}

// script answers with the canned replies in order (the last one repeats)
// and records each request's headers and body.
type script struct {
	mu      sync.Mutex
	replies []canned
	headers []http.Header
	bodies  []string
}

func (s *script) respond(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	b, _ := io.ReadAll(req.Body)
	s.headers = append(s.headers, req.Header.Clone())
	s.bodies = append(s.bodies, string(b))

	c := s.replies[min(len(s.headers), len(s.replies))-1]
	resp := httpmock.NewStringResponse(c.status, c.body)
	resp.Header.Set("Content-Type", "application/json")
	for k, v := range c.header {
		resp.Header.Set(k, v)
	}

	return resp, nil
}

// onSync registers a script for the sync endpoint.
func onSync(mt *httpmock.MockTransport, replies ...canned) *script {
	s := &script{replies: replies}
	mt.RegisterResponder(http.MethodPost, testSync, s.respond)

	return s
}

func TestPostStatuses(t *testing.T) {
	t.Parallel()

	ok := canned{200, okBody(1), nil}
	html := map[string]string{"Content-Type": "text/html"}
	tests := []struct {
		name    string
		replies []canned
		calls   int
		waits   int
		wantErr error
	}{
		{"200", []canned{ok}, 1, 0, nil},
		{"400 no retry", []canned{{400, `{"success":false,"error":"devices is required"}`, nil}}, 1, 0, ErrBadRequest},
		{"404 no retry", []canned{{404, `{"message":"requested function was not found"}`, nil}}, 1, 0, ErrNotFound},
		{"500 retried once then ok", []canned{{500, `{}`, nil}, ok}, 2, 1, nil},
		{"500 twice fails", []canned{{500, `{}`, nil}}, 2, 1, ErrServer},
		{"503 burst then ok", []canned{{503, `{}`, nil}, {503, `{}`, nil}, {503, `{}`, nil}, ok}, 4, 3, nil},
		{"503 for ever", []canned{{503, `{}`, nil}}, 1 + DefaultMaxRetries, DefaultMaxRetries, ErrServer},
		{"504 then ok", []canned{{504, "upstream request timeout", html}, ok}, 2, 1, nil},
		{"546 not retried by Post", []canned{{546, `{"code":"WORKER_LIMIT"}`, nil}}, 1, 0, ErrResourceLimit},
		{"502 html not retried", []canned{{502, "<html>bad gateway</html>", html}}, 1, 0, ErrNotJSON},
		{"200 html", []canned{{200, "<html>login</html>", html}}, 1, 0, ErrNotJSON},
		{"200 empty", []canned{{200, "", nil}}, 1, 0, ErrNotJSON},
		{"200 success false", []canned{{200, `{"success":false,"error":"database down"}`, nil}}, 1, 0, ErrSyncFailed},
		{"401 static token", []canned{{401, `{"code":401,"message":"Invalid JWT"}`, nil}}, 1, 0, ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			s := onSync(mt, tt.replies...)
			c, sl := newTestClient(t, mt, WithTokenSource(staticTS(t)))

			out, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (out != nil) {
				t.Fatalf("Post = %v, %v; want error %v", out, err, tt.wantErr)
			}

			got := []int{mt.GetCallCountInfo()["POST "+testSync], len(sl.waits), int(c.Requests())}
			if diff := cmp.Diff([]int{tt.calls, tt.waits, tt.calls}, got); diff != "" {
				t.Errorf("[calls waits Requests()] (-want +got):\n%s", diff)
			}

			assertSameIdempotencyKey(t, s)
		})
	}
}

// assertSameIdempotencyKey checks that every attempt carried one key and
// the same body.
func assertSameIdempotencyKey(t *testing.T, s *script) {
	t.Helper()

	for i, h := range s.headers {
		if h.Get("Idempotency-Key") == "" || h.Get("Idempotency-Key") != s.headers[0].Get("Idempotency-Key") {
			t.Errorf("attempt %d: Idempotency-Key %q, first was %q", i,
				h.Get("Idempotency-Key"), s.headers[0].Get("Idempotency-Key"))
		}

		if s.bodies[i] != s.bodies[0] || s.bodies[i] == "" {
			t.Errorf("attempt %d sent a different or empty body", i)
		}
	}
}

func TestPostHeaders(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	s := onSync(mt, canned{200, okBody(1), nil})
	jwt := testJWT("ops", time.Now().Add(time.Hour))
	ts, _ := StaticToken(jwt)
	c, _ := newTestClient(t, mt, WithTokenSource(ts), WithAPIKey("anon-key"), WithUserAgent("test/1"))

	if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1), Manual: true}); err != nil {
		t.Fatal(err)
	}

	h := s.headers[0]
	got := []string{h.Get("Authorization"), h.Get("apikey"), h.Get("Content-Type"), h.Get("User-Agent")}
	want := []string{"Bearer " + jwt, "anon-key", "application/json", "test/1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}

	if wantBody := `{"devices":[{"device_id":"10000","service_tag":"T0000"}],"manual":true}`; s.bodies[0] != wantBody {
		t.Errorf("body = %s, want %s", s.bodies[0], wantBody)
	}
}

func TestPostBackoffGrowsAndIsCapped(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	onSync(mt, canned{503, `{}`, nil})
	p := RetryPolicy{MaxRetries: 6, MinBackoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond}
	c, sl := newTestClient(t, mt, WithRetry(p))

	_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}

	caps := []time.Duration{100, 200, 400, 400, 400, 400}
	if len(sl.waits) != len(caps) {
		t.Fatalf("waits = %v, want %d of them", sl.waits, len(caps))
	}

	for i, w := range sl.waits {
		hi := caps[i] * time.Millisecond
		if w < hi/2 || w > hi {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, w, hi/2, hi)
		}
	}
}

func TestPostRetryAfter(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	onSync(mt, canned{503, `{}`, map[string]string{"Retry-After": "3"}}, canned{200, okBody(1), nil})
	c, sl := newTestClient(t, mt)

	if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)}); err != nil {
		t.Fatal(err)
	}

	if diff := cmp.Diff([]time.Duration{3 * time.Second}, sl.waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestPostRetriesOff(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	onSync(mt, canned{500, `{}`, nil})
	c, _ := newTestClient(t, mt, WithRetry(RetryPolicy{MaxRetries: -1}))

	if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)}); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}

	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

func TestPostTransportErrorRetried(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	calls := 0
	mt.RegisterResponder(http.MethodPost, testSync, func(*http.Request) (*http.Response, error) {
		calls++
		if calls < 3 {
			return nil, errors.New("connection reset by peer")
		}

		return httpmock.NewStringResponse(200, okBody(1)), nil
	})
	c, sl := newTestClient(t, mt)

	if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)}); err != nil {
		t.Fatal(err)
	}

	if calls != 3 || len(sl.waits) != 2 {
		t.Errorf("calls = %d, waits = %d; want 3 and 2", calls, len(sl.waits))
	}
}

func TestPostStopsWhenContextEnds(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	onSync(mt, canned{503, `{}`, nil})
	c, _ := newTestClient(t, mt)

	ctx, cancel := context.WithCancel(t.Context())
	c.sleep = func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	}

	_, err := c.Post(ctx, &SyncRequest{Devices: records(1)})
	if !errors.Is(err, context.Canceled) || mt.GetTotalCallCount() != 1 {
		t.Errorf("err = %v after %d calls; want context.Canceled after 1", err, mt.GetTotalCallCount())
	}
}

func TestPostNilAndBadRecords(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	c, _ := newTestClient(t, mt)

	if _, err := c.Post(t.Context(), nil); err == nil {
		t.Error("Post(nil) succeeded")
	}

	bad := Record{DeviceID: "1", ServiceTag: "A", Extra: map[string]any{"model": "x"}}
	if _, err := c.Post(t.Context(), &SyncRequest{Devices: []Record{bad}}); !errors.Is(err, ErrExtraField) {
		t.Errorf("err = %v, want ErrExtraField", err)
	}

	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("calls = %d, want 0", n)
	}
}

func TestNewClientOptions(t *testing.T) {
	t.Parallel()

	bad := map[string]struct {
		base string
		opt  Option
	}{
		"no scheme":     {"proj.supabase.co", nil},
		"ftp":           {"ftp://proj.supabase.co", nil},
		"query":         {"https://proj.supabase.co?x=1", nil},
		"batch 0":       {testBase, WithBatchSize(0)},
		"batch too big": {testBase, WithBatchSize(MaxBatchSize + 1)},
		"nil http":      {testBase, WithHTTPClient(nil)},
		"nil source":    {testBase, WithTokenSource(nil)},
		"empty key":     {testBase, WithAPIKey(" ")},
		"negative wait": {testBase, WithRetry(RetryPolicy{MinBackoff: -1})},
		"empty agent":   {testBase, WithUserAgent("")},
	}
	for name, tt := range bad {
		var opts []Option
		if tt.opt != nil {
			opts = append(opts, tt.opt)
		}

		if _, err := NewClient(tt.base, opts...); err == nil {
			t.Errorf("%s: NewClient succeeded", name)
		}
	}

	c, err := NewClient("https://proj.supabase.co/sub/")
	if err != nil || c.endpoint != "https://proj.supabase.co/sub"+SyncPath {
		t.Errorf("endpoint = %q, %v", c.endpoint, err)
	}
}

func TestWithHTTPClientKeepsCallersClient(t *testing.T) {
	t.Parallel()

	hc := &http.Client{Timeout: time.Second}
	c, err := NewClient(testBase, WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	if c.hc == hc || c.hc.Timeout != time.Second {
		t.Error("client does not hold its own copy of the caller's http.Client")
	}
}

func TestWithBatchSizeAcceptsAFewHundredAtMost(t *testing.T) {
	t.Parallel()

	want := []string{"ok", "ok", "dsm: batch size 501 is outside 1..500",
		"dsm: batch size 1000 is outside 1..500"}
	var got []string
	for _, n := range []int{1, 500, 501, 1000} {
		msg := "ok"
		if _, err := NewClient(testBase, WithBatchSize(n)); err != nil {
			msg = err.Error()
		}

		got = append(got, msg)
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WithBatchSize (-want +got):\n%s", diff)
	}
}

func TestNewClientIgnoresNilOption(t *testing.T) {
	t.Parallel()

	c, err := NewClient(testBase, nil, WithBatchSize(7), nil)
	if err != nil || c.batchSize != 7 {
		t.Fatalf("NewClient with nil options = %v; want the other options applied", err)
	}
}

func TestNewClientTrimsFunctionPath(t *testing.T) {
	t.Parallel()

	tests := map[string]string{
		"project":            "https://proj.supabase.co",
		"function base":      "https://proj.supabase.co/functions/v1",
		"function base /":    "https://proj.supabase.co/functions/v1/",
		"function":           "https://proj.supabase.co/functions/v1/openmanage-sync",
		"function /":         "https://proj.supabase.co/functions/v1/openmanage-sync/",
		"sub path":           "https://example.com/dsm/functions/v1",
		"sub path, function": "https://example.com/dsm/functions/v1/openmanage-sync",
	}
	want := map[string]string{
		"sub path": "https://example.com/dsm" + SyncPath, "sub path, function": "https://example.com/dsm" + SyncPath,
	}
	for name, base := range tests {
		c, err := NewClient(base)
		if err != nil {
			t.Fatalf("%s: NewClient(%q): %v", name, base, err)
		}

		w, ok := want[name]
		if !ok {
			w = testSync
		}

		if c.endpoint != w {
			t.Errorf("%s: endpoint of %q = %q, want %q", name, base, c.endpoint, w)
		}
	}
}

func TestPostDoesNotRetryWhatCannotChange(t *testing.T) {
	t.Parallel()

	huge := canned{200, `{"success":true,"pad":"` + strings.Repeat("x", maxBodyBytes) + `"}`, nil}
	tests := map[string]struct {
		fail    error
		reply   canned
		wantErr error
	}{
		"unknown authority": {fail: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}},
			wantErr: ErrCertificate},
		"expired certificate": {fail: x509.CertificateInvalidError{Reason: x509.Expired, Detail: "expired"},
			wantErr: ErrCertificate},
		"plain http on the https port": {
			fail:    tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"},
			wantErr: ErrCertificate,
		},
		"answer too large": {reply: huge},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, testSync, func(*http.Request) (*http.Response, error) {
				if tt.fail != nil {
					return nil, tt.fail
				}

				return httpmock.NewStringResponse(tt.reply.status, tt.reply.body), nil
			})
			c, sl := newTestClient(t, mt)

			_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}

			got := []int{mt.GetTotalCallCount(), len(sl.waits)}
			if diff := cmp.Diff([]int{1, 0}, got); diff != "" {
				t.Errorf("[calls waits] (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSyncStopsOnAnUntrustedCertificate(t *testing.T) {
	t.Parallel()

	calls := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()

	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	s := &sleeps{}
	c.sleep = s.sleep
	recs := records(250)

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: recs})
	if !errors.Is(err, ErrCertificate) || !StopsRun(res.Failed[0].Err) {
		t.Fatalf("err = %v, want ErrCertificate that stops the run", err)
	}

	got := []int{int(c.Requests()), len(s.waits), res.FailedRecords(), calls}
	if diff := cmp.Diff([]int{1, 0, 250, 0}, got); diff != "" {
		t.Errorf("[requests waits failed handled] (-want +got):\n%s", diff)
	}
}

func TestPostWaitsTheFullRetryAfterUpToItsCap(t *testing.T) {
	t.Parallel()

	ok := canned{200, okBody(1), nil}
	after := func(v string) canned { return canned{503, `{}`, map[string]string{"Retry-After": v}} }
	tests := map[string]struct {
		policy  RetryPolicy
		replies []canned
		waits   []time.Duration
		tooLong bool
	}{
		"60 s is waited in full": {replies: []canned{after("60"), ok},
			waits: []time.Duration{time.Minute}},
		"the default cap": {replies: []canned{after("120"), ok},
			waits: []time.Duration{DefaultMaxRetryAfter}},
		"over the default cap": {replies: []canned{after("121"), ok}, tooLong: true},
		"a cap of the caller": {policy: RetryPolicy{MaxRetryAfter: 5 * time.Second},
			replies: []canned{after("6")}, tooLong: true},
		"absurd value":           {replies: []canned{after("99999999999999999")}, tooLong: true},
		"zero means the backoff": {replies: []canned{after("0"), ok}, waits: nil},
		"twice, each waited fully": {replies: []canned{after("30"), after("45"), ok},
			waits: []time.Duration{30 * time.Second, 45 * time.Second}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			onSync(mt, tt.replies...)
			c, sl := newTestClient(t, mt, WithRetry(tt.policy))

			_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
			if tt.tooLong {
				if !errors.Is(err, ErrServer) || !strings.Contains(err.Error(), "Retry-After") ||
					len(sl.waits) != 0 || mt.GetTotalCallCount() != 1 {
					t.Errorf("err = %v after %d calls and waits %v; want the 503, saying it "+
						"asked for too long a Retry-After, after 1 call and no wait",
						err, mt.GetTotalCallCount(), sl.waits)
				}

				return
			}

			if err != nil {
				t.Fatal(err)
			}

			if tt.waits == nil {
				if len(sl.waits) != 1 || sl.waits[0] > DefaultMinBackoff {
					t.Errorf("waits = %v, want one backoff of at most %v", sl.waits, DefaultMinBackoff)
				}

				return
			}

			if diff := cmp.Diff(tt.waits, sl.waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewClientRefusesPlainHTTPOffLoopback(t *testing.T) {
	t.Parallel()

	tests := []struct {
		base string
		opts []Option
		ok   bool
	}{
		{"http://abcd.supabase.co", nil, false},
		{"http://192.0.2.10:8000", nil, false},
		{"http://localhost.example.com", nil, false},
		{"http://128.0.0.1", nil, false},
		{"http://127.0.0.1:54321", nil, true},
		{"http://127.8.9.10", nil, true},
		{"http://LocalHost:54321", nil, true},
		{"http://[::1]:54321", nil, true},
		{"http://abcd.supabase.co", []Option{WithInsecureHTTP()}, true},
		{"https://abcd.supabase.co", []Option{WithInsecureHTTP()}, true},
	}
	for _, tt := range tests {
		_, err := NewClient(tt.base, tt.opts...)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(err.Error(), "WithInsecureHTTP")) {
			t.Errorf("NewClient(%q, %d options) = %v; want ok %v", tt.base, len(tt.opts), err, tt.ok)
		}

		_, perr := NewPasswordSource(tt.base, "", "ops@example.com", "pw", tt.opts...)
		_, rerr := NewRefreshSource(tt.base, "", NewMemoryStore("rt"), tt.opts...)
		if (perr == nil) != tt.ok || (rerr == nil) != tt.ok {
			t.Errorf("sources for %q: %v, %v; want ok %v", tt.base, perr, rerr, tt.ok)
		}
	}
}

func TestDefaultUserAgentNamesTheVersion(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	s := onSync(mt, canned{200, okBody(1), nil})
	c, _ := newTestClient(t, mt)

	if _, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)}); err != nil {
		t.Fatal(err)
	}

	want := "omesync-dsm/" + Version + " (+https://github.com/dsmtools/omesync)"
	if diff := cmp.Diff([]string{want, want}, []string{DefaultUserAgent, s.headers[0].Get("User-Agent")}); diff != "" {
		t.Errorf("[DefaultUserAgent sent] (-want +got):\n%s", diff)
	}
}
