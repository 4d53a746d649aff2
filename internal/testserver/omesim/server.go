package omesim

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/internal/pace"
)

// Config sets up a simulated appliance. The zero value is a usable
// appliance with Generate(1, 40) devices and the user admin/admin.
type Config struct {
	// Devices are served by the device endpoints; nil means Generate(1, 40).
	Devices []Device
	// Users maps user names to passwords; nil means {"admin": "admin"}.
	Users map[string]string
	// PageSize is the page length when a request has no $top; 0 means 50.
	PageSize int
	// SessionCap is the number of live API sessions per user; 0 means 100.
	SessionCap int
	// SessionLimitStatus is the HTTP status of the CURS1209 answer; 0 means 400.
	SessionLimitStatus int
	// IdleTimeout ends a session not used for this long; 0 means 30 minutes.
	// Every authenticated request refreshes it.
	IdleTimeout time.Duration
	// Latency is the answer time of every request: no answer goes out
	// sooner than Latency after its request arrived, and the simulator's
	// own work happens within that time. The wait ends when the request's
	// context does.
	Latency time.Duration
	// NextLinkWithTop sends @odata.nextLink on every device page, even the
	// last one (the "$top also returns nextLink" behaviour of OME).
	NextLinkWithTop bool
	// AllowBasic accepts HTTP Basic credentials of Users instead of a token.
	AllowBasic bool
	// Version is ApplicationService/Info's Version; "" means "4.1.0".
	Version string
	// Now is the clock for session timestamps and idle expiry; nil means
	// time.Now.
	Now func() time.Time
	// MaxInFlight, when above 0, answers 503 to a request that arrives while
	// that many are already being served (no such cap on a real appliance).
	MaxInFlight int
}

// Server is a running simulated OME appliance on an HTTPS httptest server.
type Server struct {
	cfg      Config
	ts       *httptest.Server
	groups   []group
	sessions *sessionStore
	faults   *faultTable
	latency  atomic.Int64

	requests atomic.Int64
	byKind   [numKinds]atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64

	mu      sync.Mutex // serialises dataset changes
	devices []Device
	data    atomic.Pointer[dataset]
}

// Start starts a simulator over TLS with a self-signed certificate. Close
// it when done.
func Start(cfg Config) *Server {
	s := newServer(cfg)
	s.ts = httptest.NewTLSServer(s)

	return s
}

// newServer applies defaults and indexes the devices, without listening.
func newServer(cfg Config) *Server {
	cfg = withDefaults(cfg)
	s := &Server{cfg: cfg, devices: cfg.Devices, groups: makeGroups(), faults: newFaultTable()}
	s.data.Store(newDataset(s.devices))
	s.sessions = newSessionStore(cfg)
	s.latency.Store(int64(cfg.Latency))

	return s
}

// withDefaults fills in the zero fields of cfg.
func withDefaults(cfg Config) Config {
	if cfg.Devices == nil {
		cfg.Devices = Generate(1, 40)
	}

	if cfg.Users == nil {
		cfg.Users = map[string]string{"admin": "admin"}
	}

	cfg.PageSize = orDefault(cfg.PageSize, 50)
	cfg.SessionCap = orDefault(cfg.SessionCap, 100)
	cfg.SessionLimitStatus = orDefault(cfg.SessionLimitStatus, http.StatusBadRequest)
	cfg.IdleTimeout = orDefault(cfg.IdleTimeout, 30*time.Minute)
	if cfg.Version == "" {
		cfg.Version = "4.1.0"
	}

	if cfg.Now == nil {
		cfg.Now = time.Now
	}

	return cfg
}

// orDefault returns v, or def when v is zero.
func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}

	return v
}

// URL returns the base URL, such as https://127.0.0.1:port (no /api).
func (s *Server) URL() string { return s.ts.URL }

// Client returns an HTTP client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// CACertPEM returns the server's self-signed certificate in PEM form, for
// clients that take a custom CA.
func (s *Server) CACertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ts.Certificate().Raw})
}

// Close shuts the server down and waits for requests in flight.
func (s *Server) Close() { s.ts.Close() }

// OpenSessions returns the number of live (not expired, not deleted) sessions.
func (s *Server) OpenSessions() int { return s.sessions.open() }

// IssuedTokens returns every X-Auth-Token the server has handed out, in
// order, whether its session is still live or not: tests look for them
// in logs and errors.
func (s *Server) IssuedTokens() []string { return s.sessions.tokens() }

// Logins returns the number of sessions created.
func (s *Server) Logins() int { return int(s.sessions.logins.Load()) }

// Logouts returns the number of sessions ended by DELETE or Logoff.
func (s *Server) Logouts() int { return int(s.sessions.logouts.Load()) }

// Requests returns the number of requests received, of every kind.
func (s *Server) Requests() int64 { return s.requests.Load() }

// RequestsByKind returns request counts keyed by kind: "login", "logout",
// "devices" (device collection pages, including group members),
// "device", "inventory" and "other".
func (s *Server) RequestsByKind() map[string]int64 {
	out := make(map[string]int64, numKinds)
	for k := range kindNames {
		out[kindNames[k]] = s.byKind[k].Load()
	}

	return out
}

// SetLatency changes the answer time of every request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// ExpireSessions ends every live session as if it had idled out; their
// tokens now get 401.
func (s *Server) ExpireSessions() { s.sessions.expireAll() }

// PeakInFlight returns the largest number of requests served at once.
func (s *Server) PeakInFlight() int { return int(s.peak.Load()) }

// ServeHTTP answers one request: latency, faults, authentication, handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := s.route(r)
	s.requests.Add(1)
	s.byKind[rt.kind].Add(1)
	n := s.enter()
	defer s.inFlight.Add(-1)

	pw := pace.Hold(w, r, time.Duration(s.latency.Load()))
	defer pw.Wait()

	if s.cfg.MaxInFlight > 0 && n > int64(s.cfg.MaxInFlight) {
		writeError(pw, failure(http.StatusServiceUnavailable))
		return
	}

	f := s.faults.take(rt.kind)
	if f.slow > 0 && (!pw.Wait() || !sleepCtx(r.Context(), f.slow)) {
		return
	}

	s.serveWithFault(pw, r, rt, f)
	if s.faults.countDown(rt.kind) {
		s.sessions.expireAll()
	}
}

// enter counts a request in flight and records the peak.
func (s *Server) enter() int64 {
	n := s.inFlight.Add(1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			return n
		}
	}
}

// serveWithFault writes the fault's answer, or the handler's answer,
// possibly mangled.
func (s *Server) serveWithFault(w http.ResponseWriter, r *http.Request, rt route, f fault) {
	switch f.what {
	case faultFail:
		writeError(w, failure(f.status))
	case faultHTML:
		writeHTML(w, f.status)
	case faultRedirect:
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(http.StatusTemporaryRedirect)
	case faultTruncate, faultMalformed:
		rec := httptest.NewRecorder()
		s.dispatch(rec, r, rt)
		writeMangled(w, rec, f.what)
	default:
		s.dispatch(w, r, rt)
	}
}

// dispatch authenticates when the route needs it and runs the handler.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rt route) {
	var sess *session
	if rt.auth {
		var ok bool
		sess, ok = s.authenticate(r)
		if !ok {
			writeError(w, errUnauthenticated)
			return
		}
	}

	rt.handle(w, r, sess)
}

// sleepCtx waits d or until ctx ends; it reports whether d elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
