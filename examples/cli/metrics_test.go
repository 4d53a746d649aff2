package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/syncer"
)

func TestWriteMetrics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "omesync.prom")
	ok := app.NewReport(&syncer.Report{Seen: 50, Filtered: 5, Sent: 45, New: 3, Updated: 42, AutoLinked: 40,
		Duration: 2500 * time.Millisecond}, nil, false, time.Unix(1000, 0))
	if err := writeMetrics(path, ok, time.Unix(1762439408, 0)); err != nil {
		t.Fatal(err)
	}

	got := readFile(t, path)
	for _, want := range []string{
		"# TYPE omesync_last_success_timestamp_seconds gauge\nomesync_last_success_timestamp_seconds 1762439408\n",
		"omesync_last_run_success 1\n", "omesync_last_run_duration_seconds 2.5\n",
		`omesync_last_run_devices{outcome="sent"} 45`, `omesync_last_run_devices{outcome="auto_linked"} 40`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("metrics lack %q:\n%s", want, got)
		}
	}

	failed := app.NewReport(nil, os.ErrDeadlineExceeded, false, time.Unix(2000, 0))
	if err := writeMetrics(path, failed, time.Unix(1762443008, 0)); err != nil {
		t.Fatal(err)
	}

	got = readFile(t, path)
	for _, want := range []string{"omesync_last_success_timestamp_seconds 1762439408\n",
		"omesync_last_run_timestamp_seconds 1762443008\n", "omesync_last_run_success 0\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("after a failed run, metrics lack %q:\n%s", want, got)
		}
	}

	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d files, want only the metrics file (no temporary left)", len(entries))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	return string(b)
}

// TestMetricsFileCheckedFirst: a --metrics-file that names a directory,
// or lies in a missing or read-only directory, stops the run before it
// starts (exit 2), naming the flag.
func TestMetricsFileCheckedFirst(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	dir := t.TempDir()
	cases := []struct{ path, want string }{
		{dir, "--metrics-file " + dir + " is a directory"},
		{filepath.Join(dir, "gone", "omesync.prom"), "the directory " + filepath.Join(dir, "gone") +
			" does not exist"},
	}
	if os.Geteuid() != 0 { // root may write any directory
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}

		cases = append(cases, struct{ path, want string }{filepath.Join(ro, "omesync.prom"),
			"this user may not create files in " + ro})
	}

	for _, tt := range cases {
		code, stdout, stderr := runCLI(t, s.env, "--metrics-file", tt.path)
		if code != exitConfig || stdout != "" || !strings.Contains(stderr, tt.want) ||
			!strings.Contains(stderr, "--metrics-file") || strings.Contains(stderr, "Starting") {
			t.Errorf("--metrics-file %s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 with %q",
				tt.path, code, stdout, stderr, tt.want)
		}
	}

	if s.ome.Logins() != 0 {
		t.Errorf("OME logins = %d, want 0", s.ome.Logins())
	}
}
