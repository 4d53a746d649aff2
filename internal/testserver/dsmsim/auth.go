package dsmsim

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
)

// session is one sign-in and the chain of refresh tokens that follow it.
type session struct {
	email   string
	revoked bool
}

// refreshToken records which session a refresh token belongs to.
type refreshToken struct {
	session string
	used    bool
}

// IssueRefreshToken starts a session for email and returns its first
// refresh token.
func (s *Server) IssueRefreshToken(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.newSessionLocked(email)
}

// newSessionLocked opens a session; s.mu is held.
func (s *Server) newSessionLocked(email string) string {
	id := rand.Text()
	s.state.sessions[id] = &session{email: email}

	return s.newRefreshLocked(id)
}

// newRefreshLocked issues the next refresh token of a session.
func (s *Server) newRefreshLocked(sessionID string) string {
	rt := rand.Text()[:16]
	s.state.refresh[rt] = refreshToken{session: sessionID}
	s.state.issued = append(s.state.issued, rt)

	return rt
}

// serveAuth answers POST /auth/v1/token.
func (s *Server) serveAuth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.state.authReqs++
	if !s.apiKeyLocked(w, r) {
		return
	}

	var body map[string]string
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body) != nil {
		authError(w, http.StatusBadRequest, "bad_json", "Could not parse request body as JSON")
		return
	}

	switch r.URL.Query().Get("grant_type") {
	case "password":
		s.passwordGrant(w, body)
	case "refresh_token":
		s.refreshGrant(w, body)
	default:
		authError(w, http.StatusBadRequest, "validation_failed", "unsupported_grant_type")
	}
}

// apiKeyLocked checks the apikey header of an auth call when
// Config.APIKey is set, and answers the gateway's 401 when it is not that
// key. s.mu is held.
func (s *Server) apiKeyLocked(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.APIKey == "" || r.Header.Get("apikey") == s.cfg.APIKey {
		return true
	}

	writeJSON(w, http.StatusUnauthorized, map[string]any{
		"message": "No API key found in request", "hint": "No `apikey` request header or url param was found.",
	})

	return false
}

// passwordGrant signs a user in.
func (s *Server) passwordGrant(w http.ResponseWriter, body map[string]string) {
	pw, ok := s.cfg.Users[body["email"]]
	if !ok || pw != body["password"] || pw == "" {
		authError(w, http.StatusBadRequest, "invalid_credentials", "Invalid login credentials")
		return
	}

	rt := s.newSessionLocked(body["email"])
	s.writeGrant(w, body["email"], s.state.refresh[rt].session, rt)
}

// refreshGrant swaps a refresh token for a new pair; a reused token
// revokes its whole session.
// TODO: Supabase's 10 s reuse grace period is not simulated.
func (s *Server) refreshGrant(w http.ResponseWriter, body map[string]string) {
	rt, ok := s.state.refresh[body["refresh_token"]]
	sess := s.state.sessions[rt.session]
	switch {
	case !ok || sess == nil || sess.revoked:
		authError(w, http.StatusBadRequest, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
		return
	case rt.used:
		sess.revoked = true
		authError(w, http.StatusBadRequest, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
		return
	}

	rt.used = true
	s.state.refresh[body["refresh_token"]] = rt
	s.writeGrant(w, sess.email, rt.session, s.newRefreshLocked(rt.session))
}

// writeGrant answers a successful grant.
func (s *Server) writeGrant(w http.ResponseWriter, email, sessionID, refresh string) {
	access := s.issueLocked(email, sessionID, 0)
	now := s.cfg.Now()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"token_type":    "bearer",
		"expires_in":    int64(s.cfg.TokenLifetime.Seconds()),
		"expires_at":    now.Add(s.cfg.TokenLifetime).Unix(),
		"refresh_token": refresh,
		"user":          userObject(email),
	})
}

// authError writes a Supabase Auth error body.
func authError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"code": status, "error_code": code, "msg": msg})
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
