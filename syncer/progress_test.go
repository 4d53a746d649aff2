package syncer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"slices"
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

// TestRunLogsWithAttributes checks the log lines of a run, posting or
// dry, and that they carry the device as attributes.
func TestRunLogsWithAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		sink  Sink
		opts  []Option
		batch string
	}{
		{"posting", &fakeSink{}, nil, "batch sent"},
		{"dry run", nil, []Option{WithDryRun(io.Discard)}, "dry run: batch written"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lines := runLogged(t, tc.sink, tc.opts...)

			want := []string{"sync started", "device problem", "listing finished", tc.batch,
				"sync finished"}
			if diff := cmp.Diff(want, messages(lines), sortMiddle); diff != "" {
				t.Errorf("log messages (-want +got):\n%s", diff)
			}

			checkLine(t, lines, "device problem", map[string]any{"device_id": float64(1002),
				"kind": string(KindUnusableServiceTag), "name": "esx1002"})
			checkLine(t, lines, "listing finished", map[string]any{"devices": float64(2)})
			checkLine(t, lines, tc.batch, map[string]any{"records": float64(1)})
		})
	}
}

// runLogged runs two servers, one with a placeholder tag, with a debug
// logger and returns the decoded log lines.
func runLogged(t *testing.T, sink Sink, opts ...Option) []map[string]any {
	t.Helper()
	devices := servers(2)
	devices[1].DeviceServiceTag = "Not Specified"
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts = append(opts, WithLogger(log), WithFilter(NameMatches(regexp.MustCompile(`.`))))

	if _, err := mustRun(t, &fakeSource{devices: devices}, sink, opts...); err != nil {
		t.Fatalf("Run: %v", err)
	}

	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}

		lines = append(lines, m)
	}

	return lines
}

// messages are the lines' messages in order.
func messages(lines []map[string]any) []string {
	var msgs []string
	for _, m := range lines {
		msgs = append(msgs, m["msg"].(string))
	}

	return msgs
}

// sortMiddle compares log messages with the first and the last in place
// and those between them in any order: the lister and the collector log
// from their own goroutines.
var sortMiddle = cmp.Transformer("sortMiddle", func(in []string) []string {
	out := slices.Clone(in)
	if len(out) > 2 {
		slices.Sort(out[1 : len(out)-1])
	}

	return out
})

// checkLine checks that the line with msg has these attributes.
func checkLine(t *testing.T, lines []map[string]any, msg string, attrs map[string]any) {
	t.Helper()
	for _, m := range lines {
		if m["msg"] != msg {
			continue
		}

		for k, v := range attrs {
			if m[k] != v {
				t.Errorf("log line %q: %s = %v, want %v", msg, k, m[k], v)
			}
		}

		return
	}

	t.Errorf("no log line %q", msg)
}

// TestRunLogsAFailedBatchOnce fails a batch of five devices: at Info
// level the log says so in one "batch failed" line, not a line per
// device; at Debug level each device's problem shows too.
func TestRunLogsAFailedBatchOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		level    slog.Level
		problems int
	}{{slog.LevelInfo, 0}, {slog.LevelDebug, 5}} {
		var buf bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: tc.level}))
		sink := &fakeSink{fail: map[int]error{0: errors.New("dsm: 502 bad gateway")}}
		rep, err := mustRun(t, &fakeSource{devices: servers(5)}, sink, WithLogger(log))
		if err != nil || rep.Failed != 5 {
			t.Fatalf("Run: %v, %d failed; want nil and 5", err, rep.Failed)
		}

		got := [2]int{strings.Count(buf.String(), `"msg":"batch failed"`),
			strings.Count(buf.String(), `"msg":"device problem"`)}
		if want := [2]int{1, tc.problems}; got != want {
			t.Errorf("at %v: %d batch and %d device lines, want %v:\n%s",
				tc.level, got[0], got[1], want, buf.String())
		}
	}
}
