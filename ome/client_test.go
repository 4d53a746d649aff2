package ome

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestNewClientValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		base string
		opts []Option
	}{
		{"no scheme", "ome.example.com", nil},
		{"ftp", "ftp://ome.example.com", nil},
		{"query", "https://ome.example.com/?a=1", nil},
		{"user info", "https://u:p@ome.example.com", nil},
		{"plain http", "http://ome.example.com", nil},
		{"plain http with credentials", "http://ome.example.com", []Option{WithCredentials("u", "p")}},
		{"port too big", "https://ome.example.com:99999", nil},
		{"port zero", "https://ome.example.com:0", nil},
		{"port not a number", "https://ome.example.com:https", nil},
		{"nil http client", testBase, []Option{WithHTTPClient(nil)}},
		{"empty user", testBase, []Option{WithCredentials("", "x")}},
		{"zero page size", testBase, []Option{WithPageSize(0)}},
		{"zero page cap", testBase, []Option{WithMaxPages(0)}},
		{"empty user agent", testBase, []Option{WithUserAgent("")}},
	}
	for _, tt := range tests {
		if _, err := NewClient(tt.base, tt.opts...); err == nil {
			t.Errorf("%s: NewClient accepted it", tt.name)
		}
	}
}

func TestNewClientAcceptsHTTPOnlyWhenAskedTo(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://ome.example.com", "http://127.0.0.1:8080/ome"} {
		c, err := NewClient(base, WithInsecureHTTP())
		if err != nil || c.base.Scheme != "http" {
			t.Errorf("NewClient(%q, WithInsecureHTTP()) = %v", base, err)
		}
	}

	_, err := NewClient("http://ome.example.com")
	if err == nil || !strings.Contains(err.Error(), "WithInsecureHTTP") {
		t.Errorf("NewClient(http) = %v, want an error that names WithInsecureHTTP", err)
	}

	if _, err := NewClient("https://ome.example.com:65535", WithInsecureHTTP()); err != nil {
		t.Errorf("NewClient(https, WithInsecureHTTP()) = %v", err)
	}
}

func TestNewClientIgnoresNilOption(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testBase, nil, WithPageSize(7), nil)
	if err != nil || c.pageSize != 7 {
		t.Fatalf("NewClient with nil options = %v; want the other options applied", err)
	}
}

func TestHeadersAndBasePath(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var got []string
	mt.RegisterResponder(http.MethodGet, "https://proxy.example.com:8443/ome/api/ApplicationService/Info",
		func(r *http.Request) (*http.Response, error) {
			got = append(got, r.Header.Get("User-Agent"), r.Header.Get("Accept"))
			return info()
		})
	c, err := NewClient("https://proxy.example.com:8443/ome/", WithBasicAuth(),
		WithCredentials("u", "p"), WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	if _, err := c.Info(t.Context()); err != nil {
		t.Fatalf("Info: %v", err)
	}

	want := []string{"omesync/" + Version + " (+github.com/dsmtools/omesync)", "application/json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestBaseURLErrorsShowNoSecret refuses bad base URLs without repeating
// the user info, query or fragment, where a password may have been put.
func TestBaseURLErrorsShowNoSecret(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-Pa55"
	const parts = " must not carry user info, a query or a fragment (not shown here): " +
		"the credentials go in WithCredentials"
	want := map[string]string{
		"https://u:" + secret + "@ome.example.com:99999": `ome: base URL ` +
			`"https://ome.example.com:99999": port "99999" is not a number from 1 to 65535`,
		"https://u:" + secret + "@ome.example.com:abc": `ome: base URL is not a URL ` +
			`(invalid port ":abc" after host): it must look like https://host[:port]`,
		"ftp://u:" + secret + "@ome.example.com": `ome: base URL "ftp://ome.example.com" ` +
			`must look like https://host[:port]`,
		"ome.example.com?key=" + secret: `ome: base URL "ome.example.com" must look like ` +
			`https://host[:port]`,
		"https://u:" + secret + "@ome.example.com": `ome: base URL ` +
			`"https://ome.example.com"` + parts,
		"https://ome.example.com/?key=" + secret: `ome: base URL ` +
			`"https://ome.example.com/"` + parts,
		"https://ome.example.com#" + secret: `ome: base URL "https://ome.example.com"` + parts,
	}
	got := map[string]string{}
	for base := range want {
		_, err := NewClient(base)
		got[base] = errString(err)
		if strings.Contains(got[base], secret) {
			t.Errorf("NewClient's error shows the secret: %s", got[base])
		}
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestBaseURLTrimsAPI trims a pasted /api from the base URL, so the path
// is not doubled, and keeps any other path as a reverse-proxy prefix.
func TestBaseURLTrimsAPI(t *testing.T) {
	t.Parallel()
	const path = "/api/ApplicationService/Info"
	tests := []struct{ base, want string }{
		{"https://ome.example.com:8443/api", "https://ome.example.com:8443" + path},
		{"https://ome.example.com/api/", "https://ome.example.com" + path},
		{"https://ome.example.com/API", "https://ome.example.com" + path},
		{"https://proxy.example.com/ome/api/", "https://proxy.example.com/ome" + path},
		{"https://proxy.example.com/ome", "https://proxy.example.com/ome" + path},
		{"https://proxy.example.com/apis", "https://proxy.example.com/apis" + path},
		{"https://proxy.example.com/api/api", "https://proxy.example.com/api" + path},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			var got []string
			mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				got = append(got, r.URL.String())
				return info()
			})
			c, err := NewClient(tc.base, WithBasicAuth(), WithCredentials("u", "p"),
				WithHTTPClient(&http.Client{Transport: mt}))
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}

			if _, err := c.Info(t.Context()); err != nil {
				t.Fatalf("Info: %v", err)
			}

			if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoginNotFoundHint names the base path, when there is one, among
// what to check after a 404 on the login path.
func TestLoginNotFoundHint(t *testing.T) {
	t.Parallel()
	const hostPort = "the host does not look like an OME API endpoint: check the host and port"
	tests := []struct{ base, want string }{
		{"https://ome.example.com/api", hostPort},
		{"https://proxy.example.com/omeui/", hostPort + ", and the path /omeui, which goes " +
			"before /api: give https://host[:port] alone unless a reverse proxy serves OME " +
			"under that path"},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusNotFound, "Not Found"))
			c, err := NewClient(tc.base, WithCredentials("u", "p"),
				WithHTTPClient(&http.Client{Transport: mt}))
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}

			var ae *APIError
			if err := c.Login(t.Context()); !errors.As(err, &ae) {
				t.Fatalf("Login error = %v, want an *APIError", err)
			}

			if diff := cmp.Diff(tc.want, ae.Hint); diff != "" {
				t.Errorf("hint (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithHTTPClientCopies(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	hc := &http.Client{Transport: mt}
	c, err := NewClient(testBase, WithCredentials("u", "p"), WithHTTPClient(hc))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	if c.hc == hc || hc.CheckRedirect != nil || hc.Transport != mt {
		t.Errorf("caller's client was shared or changed")
	}
}

func TestRedirectDropsTokenOnOtherHost(t *testing.T) {
	t.Parallel()
	check := keepTokenOnHost(nil)
	first, _ := http.NewRequest(http.MethodGet, testBase+"/api/x", nil)
	tests := []struct {
		url     string
		want    string
		refused bool
	}{
		{testBase + "/api/y", "tok", false},
		{"https://OME.example.com:443/api/y", "tok", false},
		{"https://elsewhere.example.net/api/y", "", false},
		{"https://ome.example.com:8443/api/y", "", false},
		{"http://ome.example.com/api/y", "tok", true},
		{"http://ome.example.com:443/api/y", "tok", true},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
		req.Header.Set(headerAuthToken, "tok")
		req.Header.Set("Authorization", "tok")
		if err := check(req, []*http.Request{first}); (err != nil) != tt.refused {
			t.Fatalf("%s: redirect error = %v, want refused %v", tt.url, err, tt.refused)
		}

		got := []string{req.Header.Get(headerAuthToken), req.Header.Get("Authorization")}
		if diff := cmp.Diff([]string{tt.want, tt.want}, got); diff != "" {
			t.Errorf("%s: token, authorization (-want +got):\n%s", tt.url, diff)
		}
	}

	via := []*http.Request{first, first, first, first, first, first, first, first, first, first}
	if err := check(first, via); err == nil {
		t.Errorf("11th redirect allowed")
	}
}

// TestRedirectKeepsLoginOnAppliance: a redirect of the login away from the
// appliance's origin, or down to http, is refused before the body (with
// the password) goes anywhere, and the error names where it pointed.
func TestRedirectKeepsLoginOnAppliance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		to     string
	}{
		{http.StatusTemporaryRedirect, "https://evil.example.net"},
		{http.StatusPermanentRedirect, "https://evil.example.net"},
		{http.StatusPermanentRedirect, "https://ome.example.com:8443"},
		{http.StatusTemporaryRedirect, "http://ome.example.com"},
		{http.StatusFound, "https://evil.example.net"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.to), func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			mt.RegisterResponder(http.MethodPost, testBase+sessionsPath,
				httpmock.NewStringResponder(tt.status, "").
					HeaderSet(http.Header{"Location": {tt.to + sessionsPath}}))

			err := c.Login(t.Context())
			want := "redirect to " + tt.to + " refused"
			checkErrText(t, err, []error{ErrRedirect}, []string{want})
			if n := mt.GetTotalCallCount(); n != 1 {
				t.Errorf("requests = %d, want 1 (the body never left the appliance)", n)
			}
		})
	}
}

// TestRedirectDowngradeIsRefused: a GET sent to http after https is
// refused, not retried, and names the target.
func TestRedirectDowngradeIsRefused(t *testing.T) {
	t.Parallel()
	c, mt, sleeps := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		httpmock.NewStringResponder(http.StatusFound, "").HeaderSet(http.Header{
			"Location": {"http://ome.example.com/api/ApplicationService/Info"}}))

	_, err := c.Info(t.Context())
	checkErrText(t, err, []error{ErrRedirect}, []string{"http://ome.example.com", "https URL"})
	if n := mt.GetTotalCallCount(); n != 1 || len(*sleeps) != 0 {
		t.Errorf("requests = %d after %d sleeps, want 1 and none", n, len(*sleeps))
	}
}

// TestRedirectedErrorNamesHost: a GET may follow a redirect to another
// host (without credentials), and an error that host answers names it.
func TestRedirectedErrorNamesHost(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	const other = "https://portal.example.net"
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		httpmock.NewStringResponder(http.StatusFound, "").
			HeaderSet(http.Header{"Location": {other + "/login"}}))
	mt.RegisterResponder(http.MethodGet, other+"/login",
		func(r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") != "" {
				t.Errorf("credentials sent to %s", other)
			}
			resp := httpmock.NewStringResponse(http.StatusOK, "<html>sign in</html>")
			resp.Request = r // as http.Transport does
			return resp, nil
		})

	_, err := c.Info(t.Context())
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an *APIError", err)
	}

	want := &APIError{StatusCode: http.StatusOK, Method: http.MethodGet,
		Path: "/api/ApplicationService/Info", RedirectedTo: other, ContentType: "",
		Excerpt: "<html>sign in</html>", notJSON: true}
	if diff := cmp.Diff(want, ae, cmp.AllowUnexported(APIError{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	checkErrText(t, err, []error{ErrNotJSON}, []string{"(redirected to " + other + ")"})
}

func TestInfo(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
			"Name": "OM Enterprise", "Vendor": "Dell, Inc.", "Version": "4.1.0", "BuildNumber": "9",
			"OperationJobId": 0})))

	got, err := c.Info(t.Context())
	want := &ApplicationInfo{Name: "OM Enterprise", Vendor: "Dell, Inc.", Version: "4.1.0", BuildNumber: "9"}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("Info = %+v, %v", got, err)
	}
}

func TestTransportErrorHidesQuery(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth(), WithRetry(RetryPolicy{MaxRetries: -1}))
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		func(*http.Request) (*http.Response, error) { return nil, errors.New("dial tcp: refused") })

	_, err := c.Devices.List(t.Context(), &ListOptions{Filter: Eq("DeviceName", "hidden")})
	if err == nil || strings.Contains(err.Error(), "hidden") || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("error = %v", err)
	}
}

func TestCancelledContextIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, sleeps := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, httpmock.NewStringResponder(200, "{}"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := c.Devices.List(ctx, nil)
	if !errors.Is(err, context.Canceled) || len(*sleeps) != 0 {
		t.Fatalf("error = %v after %d sleeps", err, len(*sleeps))
	}
}

func TestTLSErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Errorf("request reached the server through an untrusted certificate")
	}))
	defer srv.Close()
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)

	c, err := NewClient(srv.URL, WithCredentials(testUser, testPassword),
		WithHTTPClient(&http.Client{Timeout: 5 * time.Second}))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	err = c.Login(t.Context())
	if !errors.Is(err, ErrCertificate) || !strings.Contains(err.Error(), "CA bundle") ||
		c.Requests() != 1 {
		t.Fatalf("Login = %v after %d requests; want one TLS failure", err, c.Requests())
	}

	c2, _ := NewClient(srv.URL, WithCredentials(testUser, testPassword), WithBasicAuth(),
		WithHTTPClient(&http.Client{Timeout: 5 * time.Second}))
	c2.sleep = func(context.Context, time.Duration) error { return nil }
	if _, err := c2.Info(t.Context()); !errors.Is(err, ErrCertificate) || c2.Requests() != 1 {
		t.Fatalf("GET = %v after %d requests; want no retry of a TLS failure", err, c2.Requests())
	}
}
