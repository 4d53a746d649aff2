package dsm

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

const (
	testBase = "https://proj.supabase.co"
	testSync = testBase + SyncPath
	testAuth = testBase + AuthPath
)

// testJWT builds an unsigned-looking JWT whose exp is exp (none if zero).
func testJWT(sub string, exp time.Time) string {
	claims := fmt.Sprintf(`{"sub":%q}`, sub)
	if !exp.IsZero() {
		claims = fmt.Sprintf(`{"sub":%q,"exp":%d}`, sub, exp.Unix())
	}

	enc := base64.RawURLEncoding.EncodeToString

	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + ".c2lnbmF0dXJl"
}

// sleeps records the waits a client asked for instead of sleeping.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()

	return ctx.Err()
}

// newTestClient returns a client on mt that does not really sleep.
func newTestClient(t *testing.T, mt *httpmock.MockTransport, opts ...Option) (*Client, *sleeps) {
	t.Helper()

	opts = append([]Option{WithHTTPClient(&http.Client{Transport: mt})}, opts...)
	c, err := NewClient(testBase, opts...)
	if err != nil {
		t.Fatal(err)
	}

	s := &sleeps{}
	c.sleep = s.sleep

	return c, s
}

// staticTS is a static token source for tests that lives an hour.
func staticTS(t *testing.T) TokenSource {
	t.Helper()

	ts, err := StaticToken(testJWT("ops", time.Now().Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}

	return ts
}

// okBody is a 200 answer counting n new records.
func okBody(n int) string {
	return fmt.Sprintf(`{"success":true,"summary":{"total":%d,"new":%d,"updated":0,"auto_linked":0,"errors":0},`+
		`"errors":[],"timestamp":"2025-11-06T14:30:08Z"}`, n, n)
}

// records makes n records with tags T0000...
func records(n int) []Record {
	out := make([]Record, n)
	for i := range out {
		out[i] = Record{DeviceID: fmt.Sprint(10000 + i), ServiceTag: fmt.Sprintf("T%04d", i)}
	}

	return out
}

// failOr returns a responder that fails with err, or when err is nil
// answers status and body.
func failOr(err error, status int, body string) httpmock.Responder {
	if err != nil {
		return httpmock.NewErrorResponder(err)
	}

	return httpmock.NewStringResponder(status, body)
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
