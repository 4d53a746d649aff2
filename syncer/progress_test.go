package syncer

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func TestRunReportsProgress(t *testing.T) {
	t.Parallel()
	devices := servers(5)
	devices[1].Type = ome.TypeChassis
	var got []Progress

	rep, err := mustRun(t, &fakeSource{devices: devices}, &fakeSink{}, WithBatchSize(2),
		WithProgress(func(p Progress) { got = append(got, p) }))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	if len(got) < 5 {
		t.Fatalf("progress called %d times, want at least once per device", len(got))
	}

	for i := 1; i < len(got); i++ {
		if got[i].Seen < got[i-1].Seen || got[i].Sent < got[i-1].Sent {
			t.Errorf("progress went backwards: %+v then %+v", got[i-1], got[i])
		}
	}

	last := got[len(got)-1]
	last.Elapsed = 0
	want := Progress{Seen: rep.Seen, Filtered: rep.Filtered, Sent: rep.Sent}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last progress (-want +got):\n%s", diff)
	}
}

// TestRunLogsWithAttributes checks the log lines and that they carry the
// device as attributes.
func TestRunLogsWithAttributes(t *testing.T) {
	t.Parallel()
	devices := servers(2)
	devices[1].DeviceServiceTag = "Not Specified"
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	if _, err := mustRun(t, &fakeSource{devices: devices}, &fakeSink{}, WithLogger(log),
		WithFilter(NameMatches(regexp.MustCompile(`.`)))); err != nil {
		t.Fatalf("Run: %v", err)
	}

	var msgs []string
	var problem map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}

		msgs = append(msgs, m["msg"].(string))
		if m["msg"] == "device problem" {
			problem = m
		}
	}

	if diff := cmp.Diff([]string{"sync started", "device problem", "batch sent", "sync finished"},
		msgs); diff != "" {
		t.Errorf("log messages (-want +got):\n%s", diff)
	}

	if problem["device_id"] != float64(1002) || problem["kind"] != string(KindUnusableServiceTag) ||
		problem["name"] != "esx1002" {
		t.Errorf("problem log line lacks the device attributes: %v", problem)
	}
}
