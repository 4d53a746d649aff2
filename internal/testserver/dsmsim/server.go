// Package dsmsim is an in-process simulator of the parts of DSM that
// omesync talks to: the openmanage-sync edge function behind Supabase's
// gateway, and Supabase Auth's token and user endpoints. It writes JSON
// in DSM's own shapes and imports nothing from omesync's packages.
//
// The gateway checks an HS256 JWT, including exp, and answers 401
// {"code":401,"message":"Invalid JWT"} with an sb-error-code header. The
// function validates the body, upserts by service tag (trimmed and
// upper-cased) merging fields, links tags found in Config.VCenterSerials
// and answers the summary. GET /auth/v1/user checks the apikey as the
// token endpoint does, then the bearer token fully, and answers the
// token's user ({"id", "aud", "role", "email"}) or a 401 Auth error.
// Fault knobs make it fail the way the real one can. A Server is safe
// for concurrent use.
package dsmsim

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/internal/pace"
)

// Paths served by the simulator.
const (
	SyncPath = "/functions/v1/openmanage-sync"
	AuthPath = "/auth/v1/token"
	UserPath = "/auth/v1/user"
)

// Config sets up a Server.
type Config struct {
	// JWTSecret signs and checks access tokens (HS256); random if nil.
	JWTSecret []byte
	// APIKey, when set, is required as the apikey header on auth calls
	// (the token and the user endpoints).
	APIKey string
	// VCenterSerials are the vCenter host serials a server links to.
	VCenterSerials []string
	// Users maps email to password for the password grant.
	Users map[string]string
	// TokenLifetime is how long issued access tokens live; default 1h.
	TokenLifetime time.Duration
	// Latency is the answer time of every request: no answer goes out
	// sooner than Latency after its request arrived, and the simulator's
	// own work happens within that time.
	Latency time.Duration
	// Now is the clock for issuing and checking tokens; default time.Now.
	Now func() time.Time
}

// Server is a running simulator.
type Server struct {
	cfg     Config
	ts      *httptest.Server
	serials map[string]bool

	mu    sync.Mutex
	state state
}

// state is everything the handlers change; Server.mu guards it.
type state struct {
	store     map[string]map[string]any
	linked    map[string]bool
	audit     []AuditEntry
	requests  int
	authReqs  int
	userReqs  int
	nextJTI   int64
	minJTI    int64
	sessions  map[string]*session
	refresh   map[string]refreshToken
	faults    faults
	rejectTag map[string]bool
	// issued keeps every access and refresh token handed out.
	issued []string
}

// faults are the knobs' counters.
type faults struct {
	fail504AfterCommit int
	limit546Above      int
	fail503            int
	fail500            int
	revokeAfter        int
	revokeArmed        bool
}

// Start runs a simulator on a local port; Close stops it.
func Start(cfg Config) *Server {
	s := &Server{cfg: withDefaults(cfg), serials: map[string]bool{}}
	for _, v := range cfg.VCenterSerials {
		s.serials[NormalizeTag(v)] = true
	}

	s.state = state{
		store:     map[string]map[string]any{},
		linked:    map[string]bool{},
		sessions:  map[string]*session{},
		refresh:   map[string]refreshToken{},
		rejectTag: map[string]bool{},
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))

	return s
}

// withDefaults fills the zero fields of cfg.
func withDefaults(cfg Config) Config {
	if cfg.JWTSecret == nil {
		cfg.JWTSecret = []byte(rand.Text())
	}

	if cfg.TokenLifetime <= 0 {
		cfg.TokenLifetime = time.Hour
	}

	if cfg.Now == nil {
		cfg.Now = time.Now
	}

	return cfg
}

// URL is the project URL, to be used as DSM_URL.
func (s *Server) URL() string { return s.ts.URL }

// Close stops the server.
func (s *Server) Close() { s.ts.Close() }

// NormalizeTag is the upsert key: the tag trimmed and upper-cased.
func NormalizeTag(tag string) string { return strings.ToUpper(strings.TrimSpace(tag)) }

// serve routes a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	pw := pace.Hold(w, r, s.cfg.Latency)
	defer pw.Wait()

	w = pw
	switch {
	case r.URL.Path == SyncPath && r.Method == http.MethodPost:
		s.serveSync(w, r)
	case r.URL.Path == AuthPath && r.Method == http.MethodPost:
		s.serveAuth(w, r)
	case r.URL.Path == UserPath && r.Method == http.MethodGet:
		s.serveUser(w, r)
	case r.URL.Path == SyncPath || r.URL.Path == AuthPath || r.URL.Path == UserPath:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"message": "method not allowed"})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "requested function was not found"})
	}
}
