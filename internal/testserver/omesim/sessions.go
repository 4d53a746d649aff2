package omesim

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// session is one live API session.
type session struct {
	id, token, user, ip string
	start, last         time.Time
}

// sessionStore holds live sessions; it is safe for concurrent use.
type sessionStore struct {
	now   func() time.Time
	idle  time.Duration
	limit int

	mu      sync.Mutex
	byToken map[string]*session
	// issued keeps every token handed out, for tests that look for them.
	issued []string

	logins, logouts atomic.Int64
}

// errSessionLimit reports that the user has SessionCap live sessions.
var errSessionLimit = fmt.Errorf("session limit reached")

// newSessionStore makes an empty store with cfg's clock and limits.
func newSessionStore(cfg Config) *sessionStore {
	return &sessionStore{now: cfg.Now, idle: cfg.IdleTimeout, limit: cfg.SessionCap,
		byToken: map[string]*session{}}
}

// create opens a session for user, unless the user is at the cap.
func (st *sessionStore) create(user, ip string) (session, error) {
	st.mu.Lock()
	defer st.mu.Unlock()

	st.purgeLocked()
	n := 0
	for _, s := range st.byToken {
		if s.user == user {
			n++
		}
	}

	if n >= st.limit {
		return session{}, errSessionLimit
	}

	now := st.now()
	s := &session{id: newUUID(), token: randomHex(16), user: user, ip: ip, start: now, last: now}
	st.byToken[s.token] = s
	st.issued = append(st.issued, s.token)
	st.logins.Add(1)

	return *s, nil
}

// tokens returns every token issued so far, live or not.
func (st *sessionStore) tokens() []string {
	st.mu.Lock()
	defer st.mu.Unlock()

	return slices.Clone(st.issued)
}

// lookup finds the live session of token and refreshes its idle timer.
func (st *sessionStore) lookup(token string) (*session, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()

	s, ok := st.byToken[token]
	if !ok {
		return nil, false
	}

	now := st.now()
	if now.Sub(s.last) >= st.idle {
		delete(st.byToken, token)
		return nil, false
	}

	s.last = now
	c := *s

	return &c, true
}

// remove ends the session with the given Id; it reports whether it existed.
func (st *sessionStore) remove(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()

	for tok, s := range st.byToken {
		if s.id == id {
			delete(st.byToken, tok)
			st.logouts.Add(1)

			return true
		}
	}

	return false
}

// list returns copies of the live sessions.
func (st *sessionStore) list() []session {
	st.mu.Lock()
	defer st.mu.Unlock()

	st.purgeLocked()
	out := make([]session, 0, len(st.byToken))
	for _, s := range st.byToken {
		out = append(out, *s)
	}

	return out
}

// open counts live sessions.
func (st *sessionStore) open() int {
	return len(st.list())
}

// expireAll ends every session without counting logouts.
func (st *sessionStore) expireAll() {
	st.mu.Lock()
	defer st.mu.Unlock()

	clear(st.byToken)
}

// purgeLocked drops idle-expired sessions; st.mu must be held.
func (st *sessionStore) purgeLocked() {
	now := st.now()
	for tok, s := range st.byToken {
		if now.Sub(s.last) >= st.idle {
			delete(st.byToken, tok)
		}
	}
}

// authenticate finds the caller's session from X-Auth-Token, or checks
// Basic credentials when allowed. A Basic caller gets a nil session.
func (s *Server) authenticate(r *http.Request) (*session, bool) {
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		return s.sessions.lookup(tok)
	}

	user, pass, ok := r.BasicAuth()
	if !ok || !s.cfg.AllowBasic {
		return nil, false
	}

	want, known := s.cfg.Users[user]

	return nil, known && want == pass
}

// clientIP returns the host part of the caller's address.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}

	return host
}

// randomHex returns n random bytes as lower-case hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)

	return hex.EncodeToString(b)
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)

	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
