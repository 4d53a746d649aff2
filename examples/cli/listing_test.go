package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestListingHandler(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(listingHandler{slog.NewJSONHandler(&buf, nil)}).With("run", "r1")
	log.Info(listingFinished, "devices", 45, "pages", 1, "repeats", 0, "note", "")
	log.Info("sync finished", "devices", 45)

	var got []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}

		delete(m, "time")
		got = append(got, m)
	}

	want := []map[string]any{
		{"level": "INFO", "msg": "Retrieved 45 devices from OpenManage Enterprise", "run": "r1", "pages": float64(1),
			"note": ""},
		{"level": "INFO", "msg": "sync finished", "run": "r1", "devices": float64(45)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log records (-want +got):\n%s", diff)
	}
}
