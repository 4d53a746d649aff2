package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHTTPLogTookIsMilliseconds: in JSON an exchange's time is took_ms, a
// number of milliseconds, not a Go duration in nanoseconds.
func TestHTTPLogTookIsMilliseconds(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	resp, err := withHTTPLog(srv.Client(), log).Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, buf.String())
	}

	ms, ok := line["took_ms"].(float64)
	if _, old := line["took"]; old || !ok || ms < 0 || ms > 10_000 {
		t.Errorf("log line %v: want took_ms under 10000 (milliseconds, not nanoseconds), no took",
			line)
	}
}
