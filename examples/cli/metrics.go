package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// lastSuccessMetric survives failed runs: it is read back from the file.
const lastSuccessMetric = "omesync_last_success_timestamp_seconds"

// writeMetrics writes the Prometheus textfile for node_exporter's textfile
// collector atomically: a temporary file in the same folder, then a rename,
// so that the collector never reads half a file.
func writeMetrics(path string, r *app.Report, now time.Time) error {
	lastSuccess := readLastSuccess(path)
	if r.Status != app.StatusFailed {
		lastSuccess = float64(now.Unix())
	}

	return writeAtomic(path, renderMetrics(r, now, lastSuccess))
}

func renderMetrics(r *app.Report, now time.Time, lastSuccess float64) []byte {
	var b bytes.Buffer
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n",
			name, help, name, name, strconv.FormatFloat(v, 'f', -1, 64))
	}

	gauge("omesync_last_run_timestamp_seconds", "When the last run ended.", float64(now.Unix()))
	gauge(lastSuccessMetric, "When the last run that did not fail ended.", lastSuccess)
	gauge("omesync_last_run_success", "1 when the last run did not fail (ok or partial).",
		boolFloat(r.Status != app.StatusFailed))
	gauge("omesync_last_run_duration_seconds", "How long the last run took.", r.DurationSeconds)
	b.WriteString("# HELP omesync_last_run_devices Devices of the last run by outcome.\n")
	b.WriteString("# TYPE omesync_last_run_devices gauge\n")
	for _, c := range deviceCounts(r) {
		fmt.Fprintf(&b, "omesync_last_run_devices{outcome=%q} %d\n", c.name, c.n)
	}

	return b.Bytes()
}

type count struct {
	name string
	n    int
}

func deviceCounts(r *app.Report) []count {
	return []count{
		{"seen", r.Seen}, {"filtered", r.Filtered}, {"skipped", r.Skipped},
		{"sent", r.Sent}, {"new", r.New}, {"updated", r.Updated},
		{"auto_linked", r.AutoLinked}, {"failed", r.Failed},
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}

	return 0
}

// readLastSuccess returns the last-success value of an earlier file, or 0.
func readLastSuccess(path string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), lastSuccessMetric+" ")
		if !ok {
			continue
		}

		if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return n
		}
	}

	return 0
}

// writeAtomic replaces path with data through a temporary file and a rename.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("metrics file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename

	if _, err := tmp.Write(data); err != nil {
		tmp.Close()

		return fmt.Errorf("metrics file: %w", err)
	}

	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()

		return fmt.Errorf("metrics file: %w", err)
	}

	if err := tmp.Close(); err != nil {
		return fmt.Errorf("metrics file: %w", err)
	}

	return os.Rename(tmp.Name(), path)
}
