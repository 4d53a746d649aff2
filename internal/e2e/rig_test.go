package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// Credentials of the simulators; no test output may show them.
const (
	omeUser     = "syncbot"
	omePassword = "ome-Pw-7Kq2z"
	dsmEmail    = "sync@example.com"
	dsmPassword = "dsm-Pw-4Rt9x"
	dsmAPIKey   = "sb-publishable-e2e"
	pageSize    = 10
	batchSize   = 10
)

// fast retries keep the tests quick; the counts are the defaults'.
var (
	omeRetry = ome.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond,
		MaxBackoff: 5 * time.Millisecond}
	dsmRetry = dsm.RetryPolicy{MaxRetries: 4, MinBackoff: time.Millisecond,
		MaxBackoff: 5 * time.Millisecond}
)

// setup describes a rig; zero fields take defaults.
type setup struct {
	devices []omesim.Device
	// timeout is the OME http.Client's Timeout (10 s by default).
	timeout    time.Duration
	sessionCap int
}

// rig is both simulators, the clients a user would build for them, and
// the spies under those clients.
type rig struct {
	ome  *omesim.Server
	dsm  *dsmsim.Server
	oc   *ome.Client
	dc   *dsm.Client
	spy  *spy
	logs *lockedBuffer
}

// newRig starts the simulators and builds the clients.
func newRig(t *testing.T, s setup) *rig {
	t.Helper()
	r := &rig{spy: &spy{}, logs: &lockedBuffer{}}
	r.ome = omesim.Start(omesim.Config{Devices: s.devices, SessionCap: s.sessionCap,
		Users: map[string]string{omeUser: omePassword}})
	t.Cleanup(r.ome.Close)
	r.dsm = dsmsim.Start(dsmsim.Config{APIKey: dsmAPIKey,
		Users: map[string]string{dsmEmail: dsmPassword}})
	t.Cleanup(r.dsm.Close)

	r.oc = newOMEClient(t, r.ome, r.spy.wrap(omeTransport(t, r.ome)), s.timeout)
	r.dc = newDSMClient(t, r.dsm, &http.Client{Transport: r.spy.wrap(http.DefaultTransport)})

	return r
}

// omeTransport trusts the simulator's CA, as a user's bundle would, and
// keeps enough idle connections for the workers.
func omeTransport(t *testing.T, s *omesim.Server) *http.Transport {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("simulator CA not PEM")
	}

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr.MaxIdleConnsPerHost = 2 * syncer.DefaultConcurrency

	return tr
}

// newOMEClient builds the OME client with a page size that makes the
// fleets span several pages.
func newOMEClient(t *testing.T, s *omesim.Server, rt http.RoundTripper,
	timeout time.Duration,
) *ome.Client {
	t.Helper()
	if timeout == 0 {
		timeout = 10 * time.Second
	}

	c, err := ome.NewClient(s.URL(), ome.WithCredentials(omeUser, omePassword),
		ome.WithHTTPClient(&http.Client{Transport: rt, Timeout: timeout}),
		ome.WithRetry(omeRetry), ome.WithPageSize(pageSize))
	if err != nil {
		t.Fatal(err)
	}

	return c
}

// newDSMClient signs in with a password, so that a refused token renews.
func newDSMClient(t *testing.T, s *dsmsim.Server, hc *http.Client) *dsm.Client {
	t.Helper()
	ts, err := dsm.NewPasswordSource(s.URL(), dsmAPIKey, dsmEmail, dsmPassword, dsm.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	c, err := dsm.NewClient(s.URL(), dsm.WithTokenSource(ts), dsm.WithAPIKey(dsmAPIKey),
		dsm.WithHTTPClient(hc), dsm.WithRetry(dsmRetry))
	if err != nil {
		t.Fatal(err)
	}

	return c
}

// run syncs once with batches of batchSize and a debug logger, then checks
// that no secret leaked into the log, the report or the error.
func (r *rig) run(t *testing.T, opts ...syncer.Option) (*syncer.Report, error) {
	t.Helper()

	return r.runContext(t.Context(), t, opts...)
}

// runContext is run with a context of the test's choosing.
func (r *rig) runContext(ctx context.Context, t *testing.T,
	opts ...syncer.Option,
) (*syncer.Report, error) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]syncer.Option{syncer.WithBatchSize(batchSize), syncer.WithLogger(log)}, opts...)
	s, err := syncer.New(syncer.OMESource(r.oc), syncer.DSMSink(r.dc), all...)
	if err != nil {
		t.Fatal(err)
	}

	rep, runErr := s.Run(ctx)
	r.checkNoSecrets(t, rep, runErr)

	return rep, runErr
}

// checkNoSecrets looks for every password and token in the run's output.
func (r *rig) checkNoSecrets(t *testing.T, rep *syncer.Report, runErr error) {
	t.Helper()
	out, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}

	texts := []string{r.logs.String(), string(out), errorText(runErr)}
	for _, p := range rep.Problems {
		texts = append(texts, p.String(), errorText(p.Err))
	}

	text := strings.Join(texts, "\n")
	for _, secret := range r.secrets() {
		if strings.Contains(text, secret) {
			t.Errorf("a secret of %d characters appears in the log, report or error", len(secret))
		}
	}

	if len(r.spy.seen()) == 0 && runErr == nil {
		t.Error("no token passed the spy: the secret check saw nothing to look for")
	}
}

// secrets are the passwords, the API key and every token the servers
// issued, as the spy saw them and as the simulators list them.
func (r *rig) secrets() []string {
	s := append([]string{omePassword, dsmPassword, dsmAPIKey}, r.spy.seen()...)
	s = append(s, r.ome.IssuedTokens()...)

	return append(s, r.dsm.IssuedTokens()...)
}

// errorText is err's text, "" for nil.
func errorText(err error) string {
	if err == nil {
		return ""
	}

	return err.Error()
}

// requests returns the OME request counts by kind.
func (r *rig) requests() map[string]int64 { return r.ome.RequestsByKind() }

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

// spy is the transport under both clients. It records the tokens the
// servers hand out (OME's X-Auth-Token, DSM's access and refresh tokens)
// and runs a test's trigger once, just before a chosen request.
type spy struct {
	mu       sync.Mutex
	tokens   []string
	triggers []*trigger
}

// trigger fires once, before the first request that match accepts.
type trigger struct {
	match func(*http.Request) bool
	fire  func()
	fired bool
}

// wrap returns a transport that reports to s.
func (s *spy) wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		s.before(req)
		resp, err := next.RoundTrip(req)
		if err == nil {
			s.record(resp)
		}

		return resp, err
	})
}

// on arms a fault: fire runs once, before the first request match accepts.
func (s *spy) on(match func(*http.Request) bool, fire func()) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.triggers = append(s.triggers, &trigger{match: match, fire: fire})
}

// before runs the triggers that match req.
func (s *spy) before(req *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, tr := range s.triggers {
		if !tr.fired && tr.match(req) {
			tr.fired = true
			tr.fire()
		}
	}
}

// record keeps the tokens of a response.
func (s *spy) record(resp *http.Response) {
	found := resp.Header.Values("X-Auth-Token")
	if strings.HasSuffix(resp.Request.URL.Path, dsmsim.AuthPath) {
		found = append(found, grantTokens(resp)...)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	for _, tok := range found {
		if tok != "" {
			s.tokens = append(s.tokens, tok)
		}
	}
}

// grantTokens reads the tokens of a Supabase Auth answer and puts the body back.
func grantTokens(resp *http.Response) []string {
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))

	var g struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	_ = json.Unmarshal(body, &g)

	return []string{g.Access, g.Refresh}
}

// seen returns the tokens recorded so far.
func (s *spy) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return append([]string(nil), s.tokens...)
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// pageAt matches the request for the device page that starts at skip.
func pageAt(skip int) func(*http.Request) bool {
	return func(req *http.Request) bool {
		return strings.HasSuffix(req.URL.Path, "/DeviceService/Devices") &&
			req.URL.Query().Get("$skip") == strconv.Itoa(skip)
	}
}

// nthPost matches the n-th request to DSM's sync function (from 1).
func nthPost(n int) func(*http.Request) bool {
	seen := 0

	return func(req *http.Request) bool {
		if req.URL.Path != dsmsim.SyncPath {
			return false
		}

		seen++

		return seen == n
	}
}
