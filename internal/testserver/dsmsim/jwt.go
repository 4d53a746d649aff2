package dsmsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
)

// claims are the parts of a Supabase access token the simulator uses.
type claims struct {
	Sub       string `json:"sub"`
	Email     string `json:"email,omitempty"`
	Role      string `json:"role"`
	SessionID string `json:"session_id,omitempty"`
	JTI       int64  `json:"jti"`
	IAT       int64  `json:"iat"`
	Exp       int64  `json:"exp"`
}

// jwtHeader is the only header the simulator issues and accepts.
var jwtHeader = b64(`{"alg":"HS256","typ":"JWT"}`)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// IssueToken returns an HS256 access token for subject that lives ttl
// (the configured lifetime when ttl is 0). A negative ttl gives a token
// that has already expired.
func (s *Server) IssueToken(subject string, ttl time.Duration) string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.issueLocked(subject, "", ttl)
}

// issueLocked signs a token; s.mu is held.
func (s *Server) issueLocked(subject, sessionID string, ttl time.Duration) string {
	if ttl == 0 {
		ttl = s.cfg.TokenLifetime
	}

	now := s.cfg.Now()
	s.state.nextJTI++
	c := claims{
		Sub: subject, Email: subject, Role: "authenticated", SessionID: sessionID,
		JTI: s.state.nextJTI, IAT: now.Unix(), Exp: now.Add(ttl).Unix(),
	}

	payload, _ := json.Marshal(c)
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	tok := unsigned + "." + s.sign(unsigned)
	s.state.issued = append(s.state.issued, tok)

	return tok
}

// sign is the HS256 signature of unsigned.
func (s *Server) sign(unsigned string) string {
	m := hmac.New(sha256.New, s.cfg.JWTSecret)
	m.Write([]byte(unsigned))

	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Reasons the gateway refuses a token, sent as the sb-error-code header.
const (
	CodeNoAuthHeader = "UNAUTHORIZED_NO_AUTH_HEADER"
	CodeBadFormat    = "UNAUTHORIZED_INVALID_JWT_FORMAT"
	CodeInvalidJWT   = "UNAUTHORIZED_INVALID_JWT"
	CodeExpiredJWT   = "UNAUTHORIZED_EXPIRED_JWT"
)

var (
	errFormat  = errors.New(CodeBadFormat)
	errInvalid = errors.New(CodeInvalidJWT)
	errExpired = errors.New(CodeExpiredJWT)
)

// parse checks the signature and decodes the claims of token.
func (s *Server) parse(token string) (*claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return nil, errFormat
	}

	want := s.sign(parts[0] + "." + parts[1])
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return nil, errInvalid
	}

	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errFormat
	}

	var c claims
	if json.Unmarshal(raw, &c) != nil {
		return nil, errFormat
	}

	return &c, nil
}

// verifyLocked checks a bearer token fully: signature, exp, revocation.
// s.mu is held.
func (s *Server) verifyLocked(token string) error {
	c, err := s.parse(token)
	if err != nil {
		return err
	}

	if !s.cfg.Now().Before(time.Unix(c.Exp, 0)) {
		return errExpired
	}

	if c.JTI < s.state.minJTI {
		return errInvalid
	}

	if sess := s.state.sessions[c.SessionID]; sess != nil && sess.revoked {
		return errInvalid
	}

	return nil
}

// IssuedTokens returns every access token and refresh token the server
// has handed out, in order, live or not: tests look for them in logs and
// errors.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return slices.Clone(s.state.issued)
}

// RevokeAll makes every access token issued so far answer 401 Invalid
// JWT. Refresh tokens stay usable.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.revokeLocked()
}

// revokeLocked refuses every access token issued so far; s.mu is held.
func (s *Server) revokeLocked() {
	s.state.minJTI = s.state.nextJTI + 1
}
