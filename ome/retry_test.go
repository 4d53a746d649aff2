package ome

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"golang.org/x/time/rate"

	"github.com/dsmtools/omesync/internal/backoff"
)

// sequence answers with resps in order, repeating the last one.
func sequence(resps ...func() (*http.Response, error)) httpmock.Responder {
	n := 0
	return func(*http.Request) (*http.Response, error) {
		r := resps[min(n, len(resps)-1)]
		n++
		return r()
	}
}

// status answers status with an OME error body and optional Retry-After.
func status(code int, retryAfter string) func() (*http.Response, error) {
	return func() (*http.Response, error) {
		resp := jsonResponse(code, omeError("CGEN6001", "busy"))
		if retryAfter != "" {
			resp.Header.Set("Retry-After", retryAfter)
		}
		return resp, nil
	}
}

// info answers the application info.
func info() (*http.Response, error) {
	return jsonResponse(http.StatusOK, map[string]any{"Version": "4.1.0"}), nil
}

// connReset is a transport failure.
func connReset() (*http.Response, error) { return nil, errors.New("connection reset by peer") }

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		policy    RetryPolicy
		resps     []func() (*http.Response, error)
		wantCalls int
		wantErr   error
		wantSleep []time.Duration
	}{
		{"503 then ok", RetryPolicy{}, []func() (*http.Response, error){status(503, ""), info}, 2, nil, nil},
		{"502 504 then ok", RetryPolicy{}, []func() (*http.Response, error){
			status(502, ""), status(504, ""), info}, 3, nil, nil},
		{"429 honours Retry-After", RetryPolicy{}, []func() (*http.Response, error){
			status(429, "7"), info}, 2, nil, []time.Duration{7 * time.Second}},
		{"transport error then ok", RetryPolicy{}, []func() (*http.Response, error){connReset, info}, 2, nil, nil},
		{"gives up after 3 retries", RetryPolicy{}, []func() (*http.Response, error){status(503, "")},
			4, ErrServer, nil},
		{"custom max retries", RetryPolicy{MaxRetries: 1}, []func() (*http.Response, error){
			status(503, "")}, 2, ErrServer, nil},
		{"retries off", RetryPolicy{MaxRetries: -1}, []func() (*http.Response, error){
			status(503, "")}, 1, ErrServer, nil},
		{"500 not retried", RetryPolicy{}, []func() (*http.Response, error){status(500, "")}, 1, ErrServer, nil},
		{"Retry-After at the cap", RetryPolicy{}, []func() (*http.Response, error){
			status(503, "120"), info}, 2, nil, []time.Duration{maxRetryAfter}},
		{"Retry-After past the cap", RetryPolicy{}, []func() (*http.Response, error){
			status(503, "121"), info}, 1, ErrServer, nil},
		{"too long Retry-After ends retries", RetryPolicy{}, []func() (*http.Response, error){
			status(429, "3600")}, 1, ErrRateLimited, nil},
		{"Retry-After past time.Duration ends retries", RetryPolicy{}, []func() (*http.Response, error){
			status(429, "18446744074")}, 1, ErrRateLimited, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, sleeps := newTestClient(t, WithBasicAuth(), WithRetry(tt.policy))
			mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
				sequence(tt.resps...))

			_, err := c.Info(t.Context())
			checkErr(t, err, tt.wantErr)
			if calls := mt.GetTotalCallCount(); calls != tt.wantCalls || c.Requests() != int64(calls) {
				t.Errorf("calls = %d, Requests() = %d, want %d", calls, c.Requests(), tt.wantCalls)
			}

			if tt.wantSleep != nil {
				if diff := cmp.Diff(tt.wantSleep, *sleeps); diff != "" {
					t.Errorf("sleeps (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestLoginIsNeverRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+sessionsPath, sequence(status(503, "")))

	err := c.Login(t.Context())
	checkErr(t, err, ErrServer)
	if calls := mt.GetTotalCallCount(); calls != 1 {
		t.Errorf("login calls = %d, want 1", calls)
	}
}

func TestRetryWaitRespectsContext(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	ctx, cancel := context.WithCancel(t.Context())
	c.sleep = func(ctx context.Context, _ time.Duration) error {
		cancel()
		return backoff.Sleep(ctx, time.Hour)
	}
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info", sequence(status(503, "")))

	_, err := c.Info(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}

	if calls := mt.GetTotalCallCount(); calls != 1 {
		t.Errorf("calls = %d, want 1", calls)
	}
}

func TestRateLimiterWaitsBeforeEveryRequest(t *testing.T) {
	t.Parallel()
	lim := rate.NewLimiter(rate.Every(time.Hour), 2)
	c, mt, _ := newTestClient(t, WithBasicAuth(), WithRateLimiter(lim))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/ApplicationService/Info",
		sequence(status(503, ""), info))

	if _, err := c.Info(t.Context()); err != nil {
		t.Fatalf("Info: %v", err)
	}

	if tokens := lim.Tokens(); tokens > 0.01 {
		t.Errorf("limiter tokens left = %v, want 0 after a request and its retry", tokens)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Info(ctx); err == nil {
		t.Fatalf("third request should wait on the limiter and fail with the context")
	}

	if calls := mt.GetTotalCallCount(); calls != 2 {
		t.Errorf("calls = %d, want 2", calls)
	}
}
