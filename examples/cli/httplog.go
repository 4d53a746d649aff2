package main

import (
	"log/slog"
	"net/http"
	"time"
)

// loggingTransport logs each HTTP exchange at debug level: method, path,
// status and time. It never logs headers, bodies or the query of a
// sign-in, so no credential reaches the log.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := []any{"method", req.Method, "path", req.URL.Path, "took", time.Since(start).Round(time.Millisecond)}
	if err != nil {
		t.log.Debug("HTTP request failed", append(attrs, "error", err)...)

		return resp, err
	}

	t.log.Debug("HTTP exchange", append(attrs, "status", resp.StatusCode)...)

	return resp, nil
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
