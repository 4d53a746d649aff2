package dsmsim

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// serveUser answers GET /auth/v1/user, Supabase Auth's "get user": the
// apikey as on the token endpoint, then the bearer token checked fully
// (signature, exp, revocation); 200 with the token's user, 401 with an
// Auth error otherwise.
func (s *Server) serveUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.state.userReqs++
	if !s.apiKeyLocked(w, r) {
		return
	}

	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token = strings.TrimSpace(token); !ok || token == "" {
		authError(w, http.StatusUnauthorized, "no_authorization", "This endpoint requires a Bearer token")
		return
	}

	if err := s.verifyLocked(token); err != nil {
		authError(w, http.StatusUnauthorized, "bad_jwt", badJWTMessage(err))
		return
	}

	c, _ := s.parse(token)
	writeJSON(w, http.StatusOK, userObject(c.Email))
}

// badJWTMessage is Auth's message for a token verifyLocked refused.
func badJWTMessage(err error) string {
	msg := "invalid JWT: unable to parse or verify signature"
	if errors.Is(err, errExpired) {
		msg += ", token is expired"
	}

	return msg
}

// userObject is the user Auth describes, with an id that stays the same
// for an email.
func userObject(email string) map[string]any {
	return map[string]any{"id": userID(email), "aud": "authenticated", "role": "authenticated", "email": email}
}

// userID derives a version-4-shaped UUID from email.
func userID(email string) string {
	h := sha256.Sum256([]byte(email))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80

	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
