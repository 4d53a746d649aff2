package dsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// answerOf is an *http.Response for newAPIError.
func answerOf(status int, ct, code string) *http.Response {
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}

	if code != "" {
		h.Set("sb-error-code", code)
	}

	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(""))}
}

func TestNewAPIError(t *testing.T) {
	t.Parallel()

	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	tests := []struct {
		name     string
		resp     *http.Response
		body     string
		want     APIError
		sentinel error
	}{
		{"gateway 401", answerOf(401, "application/json", "UNAUTHORIZED_LEGACY_JWT"),
			`{"code":401,"message":"Invalid JWT"}`,
			APIError{StatusCode: 401, ErrorCode: "UNAUTHORIZED_LEGACY_JWT", Code: "401", Message: "Invalid JWT",
				ContentType: "application/json"}, ErrUnauthorized},
		{"postgrest 401", answerOf(401, "application/json", ""),
			`{"code":"PGRST301","details":null,"hint":null,"message":"JWT expired"}`,
			APIError{StatusCode: 401, Code: "PGRST301", Message: "JWT expired", ContentType: "application/json"},
			ErrUnauthorized},
		{"function 400", answerOf(400, "application/json", ""),
			`{"success":false,"error":"devices[0].cpu_count must be an integer"}`,
			APIError{StatusCode: 400, Message: "devices[0].cpu_count must be an integer",
				ContentType: "application/json"}, ErrBadRequest},
		{"auth 400", answerOf(400, "application/json", ""),
			`{"code":400,"error_code":"invalid_credentials","msg":"Invalid login credentials"}`,
			APIError{StatusCode: 400, Code: "invalid_credentials", Message: "Invalid login credentials",
				ContentType: "application/json"}, ErrBadRequest},
		{"old auth 400", answerOf(400, "", ""),
			`{"error":"invalid_grant","error_description":"Invalid Refresh Token"}`,
			APIError{StatusCode: 400, Code: "invalid_grant", Message: "Invalid Refresh Token"}, ErrBadRequest},
		{"546", answerOf(546, "application/json", "WORKER_LIMIT"), `{"code":"WORKER_LIMIT","message":"x"}`,
			APIError{StatusCode: 546, ErrorCode: "WORKER_LIMIT", Code: "WORKER_LIMIT", Message: "x",
				ContentType: "application/json"}, ErrResourceLimit},
		{"413 from a proxy", answerOf(413, "text/plain", ""), "request entity too large",
			APIError{StatusCode: 413, ContentType: "text/plain", Excerpt: "request entity too large", notJSON: true},
			ErrResourceLimit},
		{"html 502", answerOf(502, "text/html", ""), "<html>\n<h1>502 Bad Gateway</h1>\n</html>",
			APIError{StatusCode: 502, ContentType: "text/html", Excerpt: "<html> <h1>502 Bad Gateway</h1> </html>",
				notJSON: true}, ErrNotJSON},
		{"html 404", answerOf(404, "text/html", ""), "<p>not found</p>",
			APIError{StatusCode: 404, ContentType: "text/html", Excerpt: "<p>not found</p>", notJSON: true},
			ErrNotFound},
		{"token echoed", answerOf(500, "text/plain", ""), "bad header Authorization: Bearer " + jwt,
			APIError{StatusCode: 500, ContentType: "text/plain",
				Excerpt: "bad header Authorization: [redacted]", notJSON: true}, ErrServer},
		{"jwt in message", answerOf(401, "application/json", ""), `{"message":"bad token ` + jwt + `"}`,
			APIError{StatusCode: 401, Message: "bad token [redacted]", ContentType: "application/json"},
			ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			got := newAPIError(tt.resp, []byte(tt.body))
			if diff := cmp.Diff(&tt.want, got, cmp.AllowUnexported(APIError{}),
				cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}

			if !errors.Is(got, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", got, tt.sentinel)
			}

			if strings.Contains(got.Error(), "c2lnbmF0dXJl") {
				t.Errorf("token leaked: %s", got)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	t.Parallel()

	e := &APIError{StatusCode: 401, ErrorCode: "UNAUTHORIZED_LEGACY_JWT", Code: "401",
		Message: "Invalid JWT", Hint: "sign in again"}
	want := "dsm: 401 unauthorized: Invalid JWT (code 401, sb-error-code UNAUTHORIZED_LEGACY_JWT); sign in again"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}

	h := &APIError{StatusCode: 546, ContentType: "text/html", Excerpt: "<p>x</p>", notJSON: true}
	if got := h.Error(); got != `dsm: 546 resource limit: text/html body, not json: "<p>x</p>"` {
		t.Errorf("Error() = %q", got)
	}
}

func TestClipKeepsRunes(t *testing.T) {
	t.Parallel()

	long := strings.Repeat("é", 200)
	got := clip(long, 101)
	if got != strings.Repeat("é", 50)+"…" {
		t.Errorf("clip = %q", got)
	}
}

func TestPartialErrorText(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		err  *PartialError
		want string
	}{
		"zero value": {&PartialError{}, "dsm: 0 of 0 records not synced in 0 failed batches"},
		"one batch": {&PartialError{Batches: 1, Records: 2, Total: 5, Errs: []error{ErrServer}},
			"dsm: 2 of 5 records not synced in 1 failed batch; first: dsm: server error"},
	}
	for name, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
			t.Errorf("%s: Error() (-want +got):\n%s", name, diff)
		}
	}
}

// fuzzJWT is the access token the fuzzed answers may echo: "$JWT" in any
// input stands for it.
const fuzzJWT = "eyJhbGciOiJIUzI1NiJ9." + fuzzJWTTail

// fuzzJWTTail is fuzzJWT without its header: its claims and signature.
const fuzzJWTTail = "eyJzdWIiOiJvcHMiLCJleHAiOjE5MDAwMDAwMDB9.c2lnbmF0dXJlLXNlY3JldA"

// plainCode matches a code as the gateway and the auth server write one.
var plainCode = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// isPlainCode reports whether s is a plain code that is not token-like.
func isPlainCode(s string) bool { return plainCode.MatchString(s) && !tokenPattern.MatchString(s) }

// FuzzNewAPIError decodes any non-200 answer; its seeds, answers of the
// gateway, the function, the auth server and a proxy, are in
// testdata/fuzz/FuzzNewAPIError.
func FuzzNewAPIError(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, contentType, sbErrorCode, retryAfter string,
		body []byte,
	) {
		contentType, sbErrorCode = withJWT(contentType), withJWT(sbErrorCode)
		body = []byte(withJWT(string(body)))
		resp := answerOf(status, contentType, sbErrorCode)
		resp.Header.Set("Retry-After", withJWT(retryAfter))

		assertAPIError(t, newAPIError(resp, body), status, sbErrorCode, body)
	})
}

// assertAPIError checks that e is one line without the token, and that
// its status and codes are those of the answer.
func assertAPIError(t *testing.T, e *APIError, status int, sbErrorCode string, body []byte) {
	t.Helper()

	msg := e.Error()
	if strings.ContainsFunc(msg, breaksLine) {
		t.Fatalf("Error() is more than one line: %q", msg)
	}

	if shown := fmt.Sprintf("%s %+v %#v", msg, *e, *e); strings.Contains(shown, fuzzJWTTail) {
		t.Fatalf("the token is shown: %s", shown)
	}

	sentinel := statusSentinel(status)
	if e.StatusCode != status || (sentinel != nil && !errors.Is(e, sentinel)) {
		t.Fatalf("status %d gave %d, matching %v: %v", status, e.StatusCode, sentinel, e)
	}

	if isPlainCode(sbErrorCode) && e.ErrorCode != sbErrorCode {
		t.Fatalf("sb-error-code %q gave ErrorCode %q", sbErrorCode, e.ErrorCode)
	}

	if want := bodyCode(body); want != "" && e.Code != want {
		t.Fatalf("body code %q gave Code %q", want, e.Code)
	}
}

// withJWT puts fuzzJWT in place of "$JWT".
func withJWT(s string) string { return strings.ReplaceAll(s, "$JWT", fuzzJWT) }

// breaksLine reports whether r ends a line somewhere.
func breaksLine(r rune) bool { return strings.ContainsRune("\n\r\v\f\u0085\u2028\u2029", r) }

// bodyCode is the code a JSON object body states plainly, under
// error_code or else code, or "" when it states none.
func bodyCode(body []byte) string {
	var m map[string]json.RawMessage
	if !looksLikeJSON(body) || json.Unmarshal(body, &m) != nil {
		return ""
	}

	key := "code"
	if _, ok := m["error_code"]; ok {
		key = "error_code"
	}

	var s string
	if json.Unmarshal(m[key], &s) != nil || !isPlainCode(s) {
		return ""
	}

	return s
}
