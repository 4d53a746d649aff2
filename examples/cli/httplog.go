package main

import (
	"log/slog"
	"net/http"
	"time"
)

// loggingTransport logs each HTTP exchange at debug level: method, path,
// status and time (took_ms, milliseconds as a number, in text and JSON
// alike). It never logs headers, bodies or the query of a sign-in, so no
// credential reaches the log.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	took := millis(time.Since(start))
	attrs := []any{"method", req.Method, "path", req.URL.Path, "took_ms", took}
	if err != nil {
		t.log.Debug("HTTP request failed", append(attrs, "error", err)...)

		return resp, err
	}

	t.log.Debug("HTTP exchange", append(attrs, "status", resp.StatusCode)...)

	return resp, nil
}

// millis is d in milliseconds, to the microsecond.
func millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// withHTTPLog returns a copy of hc (nil: a default client) that logs.
func withHTTPLog(hc *http.Client, log *slog.Logger) *http.Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}

	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}

	c.Transport = loggingTransport{next: next, log: log}

	return c
}
