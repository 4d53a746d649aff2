package dsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors, matched with errors.Is. An *APIError matches the one
// that fits its status code.
var (
	// ErrUnauthorized: the gateway refused the token (401), also after
	// one renewal, or the auth server refused a sign-in or refresh.
	ErrUnauthorized = errors.New("dsm: unauthorized")
	// ErrNotFound: no such function at this URL (404); check DSM_URL.
	ErrNotFound = errors.New("dsm: not found")
	// ErrBadRequest: the function refused the body (400).
	ErrBadRequest = errors.New("dsm: bad request")
	// ErrResourceLimit: the function hit a memory, CPU or wall-clock
	// limit (546), or a proxy found the request too large (413).
	ErrResourceLimit = errors.New("dsm: resource limit")
	// ErrServer: a 5xx answer other than 546.
	ErrServer = errors.New("dsm: server error")
	// ErrNotJSON: the answer was not the JSON the API sends, for example
	// an HTML page from a proxy.
	ErrNotJSON = errors.New("dsm: response is not json")
	// ErrTokenExpired: the access token's exp claim has passed.
	ErrTokenExpired = errors.New("dsm: access token expired")
	// ErrSyncFailed: the function answered 200 with "success": false.
	ErrSyncFailed = errors.New("dsm: sync failed")
	// ErrCertificate: the server's TLS certificate could not be verified,
	// or the server did not answer in TLS. It is never retried.
	ErrCertificate = errors.New("dsm: tls certificate not verified")
	// ErrNotConfigured: a call on a Client that NewClient did not make, or
	// on a PasswordSource or RefreshSource that its constructor did not
	// make (a zero or nil value); nothing is sent.
	ErrNotConfigured = errors.New("dsm: not configured")
)

// Read limits for response bodies, and how much of the server's text an
// APIError keeps.
const (
	maxBodyBytes  = 8 << 20
	maxErrorBytes = 64 << 10
	excerptBytes  = 200
	fieldBytes    = 300
	headerBytes   = 100
)

// APIError is an answer from DSM that is not a success.
type APIError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// ErrorCode is the sb-error-code header, for example WORKER_LIMIT.
	ErrorCode string
	// Code is the code in the body: a number such as 401 from the
	// gateway, or a name such as UNAUTHORIZED_LEGACY_JWT or PGRST301.
	Code string
	// Message is the message in the body, for example "Invalid JWT".
	Message string
	// ContentType is the Content-Type of the answer.
	ContentType string
	// Excerpt is the start of a body that was not JSON, with anything
	// that looks like a token removed.
	Excerpt string
	// Hint says what to do about it, when there is something to say.
	Hint string

	notJSON    bool
	retryAfter time.Duration
}

// Error is one line with the status, the server's code and message, and
// the hint. It never holds a token.
func (e *APIError) Error() string {
	var b strings.Builder

	fmt.Fprintf(&b, "dsm: %d %s", e.StatusCode, strings.ToLower(statusText(e.StatusCode)))
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}

	if e.notJSON {
		fmt.Fprintf(&b, ": %s body, not json", orUnknown(e.ContentType))
		if e.Excerpt != "" {
			fmt.Fprintf(&b, ": %q", e.Excerpt)
		}
	}

	b.WriteString(e.codes())
	if e.Hint != "" {
		fmt.Fprintf(&b, "; %s", e.Hint)
	}

	return b.String()
}

// codes formats the body code and the sb-error-code header.
func (e *APIError) codes() string {
	var parts []string
	if e.Code != "" {
		parts = append(parts, "code "+e.Code)
	}

	if e.ErrorCode != "" {
		parts = append(parts, "sb-error-code "+e.ErrorCode)
	}

	if len(parts) == 0 {
		return ""
	}

	return " (" + strings.Join(parts, ", ") + ")"
}

// Is matches the sentinel that fits the status code.
func (e *APIError) Is(target error) bool {
	if target == ErrNotJSON {
		return e.notJSON
	}

	if target == ErrSyncFailed {
		return e.StatusCode == http.StatusOK && !e.notJSON
	}

	return statusSentinel(e.StatusCode) == target
}

// statusSentinel maps a status code to its sentinel, or nil.
func statusSentinel(code int) error {
	switch {
	case code == http.StatusUnauthorized:
		return ErrUnauthorized
	case code == http.StatusNotFound:
		return ErrNotFound
	case code == http.StatusBadRequest:
		return ErrBadRequest
	case code == statusResourceLimit || code == http.StatusRequestEntityTooLarge:
		return ErrResourceLimit
	case code >= 500:
		return ErrServer
	}

	return nil
}

// statusResourceLimit is Supabase's status for a resource limit.
const statusResourceLimit = 546

// statusText names a status code, including 546, and a 200 that failed.
func statusText(code int) string {
	switch code {
	case statusResourceLimit:
		return "Resource Limit"
	case http.StatusOK:
		return "OK but failed"
	}

	if t := http.StatusText(code); t != "" {
		return t
	}

	return "status"
}

func orUnknown(s string) string {
	if s == "" {
		return "untyped"
	}

	return s
}

// newAPIError builds the error for an answer with the given body.
func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{
		StatusCode:  resp.StatusCode,
		ErrorCode:   clean(resp.Header.Get("sb-error-code"), headerBytes),
		ContentType: clean(resp.Header.Get("Content-Type"), headerBytes),
	}

	e.retryAfter = retryAfter(resp.Header)
	if !e.readJSON(body) {
		e.notJSON = true
		e.Excerpt = excerpt(body)
	}

	return e
}

// readJSON fills Code and Message from the body shapes the gateway, the
// function and the auth server use. It reports whether the body was a
// JSON object.
func (e *APIError) readJSON(body []byte) bool {
	if !isJSONType(e.ContentType) && !looksLikeJSON(body) {
		return false
	}

	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return false
	}

	e.Code = firstString(m, "error_code", "code")
	e.Message = firstString(m, "message", "msg", "error_description", "error")
	if e.Code == "" && m["error_description"] != nil {
		e.Code = firstString(m, "error")
	}

	return true
}

// firstString returns the first key of m whose value is a string or a
// number, as text.
func firstString(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		var s string
		if json.Unmarshal(m[k], &s) == nil && s != "" {
			return clean(s, fieldBytes)
		}

		var n json.Number
		if json.Unmarshal(m[k], &n) == nil && n != "" {
			return n.String()
		}
	}

	return ""
}

// isJSONType reports whether a Content-Type names JSON.
func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}

	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// looksLikeJSON reports whether body starts like a JSON object.
func looksLikeJSON(body []byte) bool {
	s := strings.TrimSpace(string(body[:min(len(body), 16)]))
	return strings.HasPrefix(s, "{")
}

// tokenPattern matches JWTs and bearer credentials.
var tokenPattern = regexp.MustCompile(
	`eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)*|(?i:bearer\s+)[^\s"',;]+`)

// redact removes anything that looks like a token from s.
func redact(s string) string {
	return tokenPattern.ReplaceAllString(s, "[redacted]")
}

// excerpt is a short, printable, redacted start of body.
func excerpt(body []byte) string { return clean(string(body), excerptBytes) }

// clean makes a server's text fit for an error: valid UTF-8 on one line
// (control characters and runs of space become one space), anything that
// looks like a token redacted, at most n bytes.
func clean(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}

		return r
	}, strings.ToValidUTF8(s, "?"))

	return clip(redact(strings.Join(strings.Fields(s), " ")), n)
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}

	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}

	return s[:n] + "…"
}
