package ome

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestDecodeAPIError(t *testing.T) {
	t.Parallel()
	body := string(mustJSON(omeError("CGEN1002", "The requested URI is invalid.")))
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   *APIError
		is     []error
	}{
		{"OME envelope", 400, "application/json", body, &APIError{
			StatusCode: 400, Method: "GET", Path: "/api/x", Code: "Base.1.0.GeneralError",
			Message: "A general error has occurred.", ContentType: "application/json",
			ExtendedInfo: []ExtendedInfo{{MessageID: "CGEN1002", Message: "The requested URI is invalid.",
				Resolution: "Retry the operation.", Severity: "Critical"}},
		}, []error{ErrBadRequest}},
		{"html 404", 404, "text/html", "<html><body>\n<h1>Not Found</h1></body></html>", &APIError{
			StatusCode: 404, Method: "GET", Path: "/api/x", ContentType: "text/html",
			Excerpt: "<html><body> <h1>Not Found</h1></body></html>", notJSON: true,
		}, []error{ErrNotFound, ErrNotJSON}},
		{"empty 502", 502, "application/json", "", &APIError{
			StatusCode: 502, Method: "GET", Path: "/api/x", ContentType: "application/json", notJSON: true,
		}, []error{ErrServer, ErrNotJSON}},
		{"json without envelope", 403, "application/json", `{"detail":"no"}`, &APIError{
			StatusCode: 403, Method: "GET", Path: "/api/x", ContentType: "application/json",
			Excerpt: `{"detail":"no"}`,
		}, []error{ErrForbidden}},
		{"429", 429, "", `{}`, &APIError{StatusCode: 429, Method: "GET", Path: "/api/x", Excerpt: "{}"},
			[]error{ErrRateLimited}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := decodeAPIError(tt.status, "GET", "/api/x", tt.ctype, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(APIError{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}

			for _, target := range tt.is {
				if !errors.Is(got, target) {
					t.Errorf("errors.Is(%v, %v) = false", got, target)
				}
			}

			if errors.Is(got, ErrUnauthorized) || errors.Is(got, ErrSessionLimit) {
				t.Errorf("%v matches a sentinel it should not", got)
			}
		})
	}
}

func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	e := decodeAPIError(400, "POST", "/api/SessionService/Sessions", "application/json",
		mustJSON(omeError("CURS1209", "Session limit reached.\nLine two.")))
	want := "ome: POST /api/SessionService/Sessions: 400 Bad Request: A general error has occurred; " +
		"CURS1209 Session limit reached. Line two (resolution: Retry the operation)"
	if diff := cmp.Diff(want, e.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestNonJSONBodies is case B09 with its variants, run through the client.
func TestNonJSONBodies(t *testing.T) {
	t.Parallel()
	html := "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>" +
		"<h1>Not Found</h1><p>No such path on this web server.</p></body></html>"
	tests := []struct {
		name      string
		login     bool
		status    int
		ctype     string
		body      string
		wantCalls int
		wantIs    []error
		wantText  []string
	}{
		{"B09 login 404 html", true, 404, "text/html; charset=iso-8859-1", html, 1,
			[]error{ErrNotFound, ErrNotJSON}, []string{"404", "text/html", "does not look like an OME API"}},
		{"B09 proxy 502 html", false, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>",
			4, []error{ErrServer, ErrNotJSON}, []string{"502", "non-JSON body", "Bad Gateway"}},
		{"B09 200 html", false, 200, "text/html", "<html><body>Please log in</body></html>", 1,
			[]error{ErrNotJSON}, []string{"text/html", "Please log in"}},
		{"B09 200 empty", false, 200, "application/json", "", 1,
			[]error{ErrNotJSON}, []string{"200", "non-JSON body"}},
		{"200 truncated json", false, 200, "application/json", `{"value":[{"Id":1}`, 1,
			[]error{ErrNotJSON}, []string{"unexpected end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := []Option{WithBasicAuth()}
			method, url := http.MethodGet, testBase+devicesPath
			if tt.login {
				opts, method, url = nil, http.MethodPost, testBase+sessionsPath
			}

			c, mt, _ := newTestClient(t, opts...)
			mt.RegisterResponder(method, url, func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tt.status, tt.body)
				resp.Header.Set("Content-Type", tt.ctype)
				return resp, nil
			})

			ids, err := collectIDs(c.Devices.All(t.Context(), nil))
			if err == nil || len(ids) != 0 {
				t.Fatalf("All = %v, %v; want an error and no devices", ids, err)
			}

			checkErrText(t, err, tt.wantIs, tt.wantText)
			if calls := mt.GetTotalCallCount(); calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// checkErrText checks sentinels and substrings, and that no secret leaks.
func checkErrText(t *testing.T, err error, is []error, text []string) {
	t.Helper()
	for _, target := range is {
		if !errors.Is(err, target) {
			t.Errorf("error %q does not match %v", err, target)
		}
	}

	msg := err.Error()
	for _, s := range text {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q lacks %q", msg, s)
		}
	}

	if strings.Contains(msg, "tok-") || strings.Contains(msg, "\n") {
		t.Errorf("error %q holds a secret or a line break", msg)
	}

	for name, form := range passwordForms(testPassword) {
		if strings.Contains(msg, form) {
			t.Errorf("error %q holds the password (%s)", msg, name)
		}
	}
}

func TestErrorsHoldNoSecretsOrQuery(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	registerSessions(t, mt)
	echo := "token tok-1 and password " + testPassword + " echoed"
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		httpmock.ResponderFromResponse(jsonResponse(http.StatusBadRequest, omeError("CGEN1014", echo))))

	_, err := c.Devices.List(t.Context(), &ListOptions{Filter: Eq("DeviceName", "secret-host")})
	checkErrText(t, err, []error{ErrBadRequest}, []string{"CGEN1014", "token *** and password *** echoed"})
	if strings.Contains(err.Error(), "secret-host") || strings.Contains(err.Error(), "$filter") {
		t.Errorf("error %q carries the query", err)
	}
}

func TestBodySizeCap(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	big := `{"value":[],"pad":"` + strings.Repeat("x", maxSuccessBody) + `"}`
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		httpmock.NewStringResponder(http.StatusOK, big).HeaderSet(http.Header{"Content-Type": {"application/json"}}))

	_, err := c.Devices.List(t.Context(), nil)
	if !errors.Is(err, ErrBodyTooLarge) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("error = %v, want a size cap error matching ErrBodyTooLarge", err)
	}

	// The same body would come again: the call is not retried.
	if calls := mt.GetTotalCallCount(); calls != 1 {
		t.Errorf("calls = %d, want 1", calls)
	}
}

func TestErrorExcerptIsShortAndPrintable(t *testing.T) {
	t.Parallel()
	body := "\x00\x1b[31m" + strings.Repeat("é<b>", 300)
	e := decodeAPIError(500, "GET", "/api/x", "text/plain", []byte(body))
	if n := len([]rune(e.Excerpt)); n > excerptLimit+3 {
		t.Errorf("excerpt has %d runes", n)
	}

	if strings.ContainsAny(e.Excerpt, "\x00\x1b") {
		t.Errorf("excerpt %q holds control characters", e.Excerpt)
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(400, "application/json", string(mustJSON(omeError("CURS1209", "limit"))))
	f.Add(404, "text/html", "<html><body>Not Found</body></html>")
	f.Add(502, "", "")
	f.Add(401, "application/json", `{"error":{"code":"x","@Message.ExtendedInfo":[{"MessageId":"CGEN1001"}]}}`)
	f.Add(200, "application/problem+json", `{"error":null}`)
	f.Add(500, "application/json; charset=utf-8", "{\"error\":{\"message\":\"a\\nb\"}}")
	f.Fuzz(func(t *testing.T, status int, ctype, body string) {
		e := decodeAPIError(status, "GET", "/api/x", ctype, []byte(body))
		msg := e.Error()
		if strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("multi-line error %q", msg)
		}

		if e.StatusCode != status || len([]rune(e.Excerpt)) > excerptLimit+3 {
			t.Fatalf("decoded %+v", e)
		}

		if errors.Is(e, ErrSessionLimit) != e.HasMessageID("CURS1209") {
			t.Fatalf("ErrSessionLimit mismatch for %+v", e)
		}
	})
}

// TestExcerptRedactsSecretsAcrossTheClip: a secret echoed where the
// excerpt is clipped is replaced before the clip, so no part of it shows.
func TestExcerptRedactsSecretsAcrossTheClip(t *testing.T) {
	t.Parallel()
	forms := passwordForms(testPassword)
	tests := []struct {
		name    string
		opts    []Option
		secret  string
		partial string
	}{
		{"password", []Option{WithBasicAuth()}, testPassword, "p@"},
		{"JSON-escaped password", []Option{WithBasicAuth()}, forms["json"], "p@"},
		{"basic credential", []Option{WithBasicAuth()}, forms["basic"], "c3"},
		{"token", nil, "tok-1", "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, tt.opts...)
			registerSessions(t, mt)
			body := strings.Repeat("a", excerptLimit-2) + tt.secret + " and more text"
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
				httpmock.NewStringResponder(http.StatusForbidden, body).
					HeaderSet(http.Header{"Content-Type": {"text/plain"}}))

			_, err := c.Devices.List(t.Context(), nil)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error = %v, want an *APIError", err)
			}

			if want := strings.Repeat("a", excerptLimit-2) + "**..."; ae.Excerpt != want {
				t.Errorf("excerpt ends %q, want %q", ae.Excerpt[excerptLimit-10:], want[excerptLimit-10:])
			}

			if strings.Contains(err.Error(), tt.partial) {
				t.Errorf("error %q shows part of the %s", err, tt.name)
			}
		})
	}
}

// passwordForms is pw as a server may echo it: raw, JSON-escaped (with
// and without HTML escapes), HTML-escaped, URL-query-escaped and inside
// the Basic credential.
func passwordForms(pw string) map[string]string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(pw)
	plain := strings.TrimSpace(b.String())
	js := string(mustJSON(pw))
	return map[string]string{
		"raw":          pw,
		"json":         js[1 : len(js)-1],
		"json no html": plain[1 : len(plain)-1],
		"html":         html.EscapeString(pw),
		"query":        url.QueryEscape(pw),
		"basic":        base64.StdEncoding.EncodeToString([]byte(testUser + ":" + pw)),
	}
}

// TestEscapedPasswordIsRedacted: the password echoed in any of its usual
// encodings, in an error message or a body excerpt, shows as ***.
func TestEscapedPasswordIsRedacted(t *testing.T) {
	t.Parallel()
	const pw = `p@ss:w<0>&rd/"x"`
	forms := passwordForms(pw)
	if len(forms) != len(slices.Compact(slices.Sorted(maps.Values(forms)))) {
		t.Fatalf("password forms are not distinct: %q", forms)
	}

	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth(), WithCredentials(testUser, pw))
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
				httpmock.NewStringResponder(http.StatusForbidden, "denied for "+form+" here").
					HeaderSet(http.Header{"Content-Type": {"text/plain"}}))
			mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
				httpmock.ResponderFromResponse(jsonResponse(http.StatusBadRequest,
					omeError("CGEN1014", "bad "+form+" here"))))

			_, err := c.Devices.List(t.Context(), nil)
			checkErrText(t, err, []error{ErrForbidden}, []string{`denied for *** here`})
			checkNoForm(t, err, form)
			_, err = c.Info(t.Context())
			checkErrText(t, err, []error{ErrBadRequest}, []string{"bad *** here"})
			checkNoForm(t, err, form)
		})
	}
}

// checkNoForm fails when err's text holds form.
func checkNoForm(t *testing.T, err error, form string) {
	t.Helper()
	if strings.Contains(err.Error(), form) {
		t.Errorf("error %q holds the password form %q", err, form)
	}
}

func TestResolutionHoldsNoSecret(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	registerSessions(t, mt)
	body := omeError("CGEN1014", "Invalid.")
	info := body["error"].(map[string]any)["@Message.ExtendedInfo"].([]map[string]any)
	info[0]["Resolution"] = "Log in again; the token tok-1 expired."
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		httpmock.ResponderFromResponse(jsonResponse(http.StatusBadRequest, body)))

	_, err := c.Devices.List(t.Context(), nil)
	checkErrText(t, err, []error{ErrBadRequest}, []string{"the token *** expired"})
}
