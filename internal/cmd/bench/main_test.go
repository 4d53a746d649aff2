package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMain lets the test binary play the sync and simulator processes
// that the benchmark starts from its own executable.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "-role=") {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}

	os.Exit(m.Run())
}

// TestBenchSmallFleet runs the whole benchmark for 40 devices without
// latency: 1 page, 26 inventory reads, 1 post, and the targets met.
func TestBenchSmallFleet(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-n", "40", "-latency", "0", "-json"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}

	var res result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("%v in %q", err, stdout.String())
	}

	want := map[string]int64{"login": 1, "logout": 1, "devices": 1, "inventory": 26, "device": 0,
		"other": 0}
	if diff := cmp.Diff(want, res.Server.OME); diff != "" {
		t.Errorf("OME requests by kind (-want +got):\n%s", diff)
	}

	if !res.exactRequests() || res.Server.DSMPosts != 1 || res.Report.Sent != 26 ||
		res.Memory.GoTotal == 0 || targets(&res, 100) != "met" {
		t.Errorf("result %+v: want exact requests, 1 post, 26 sent, memory measured, targets met", res)
	}
}

// TestBoundAndTargets checks the lower bound, the ratio and the verdicts.
func TestBoundAndTargets(t *testing.T) {
	t.Parallel()
	r := &result{N: 1000, Latency: 10 * time.Millisecond, Concurrency: 4, PageSize: 100,
		Wall: 2 * time.Second, Report: counts{Seen: 1000, Filtered: 350, Sent: 650, Requests: 669},
		Server: serverStats{OME: map[string]int64{"login": 1, "logout": 1, "devices": 10,
			"inventory": 650}, DSMPosts: 7}}
	if r.requests() != 669 || r.bound() != 1672500*time.Microsecond || r.extra() != 0 {
		t.Fatalf("requests %d, bound %s, extra %d; want 669, 1.6725s, 0",
			r.requests(), r.bound(), r.extra())
	}

	tests := []struct {
		name   string
		change func(r *result)
		want   string
	}{
		{"as measured", func(*result) {}, "met"},
		{"slow", func(r *result) { r.Wall = 3 * time.Second }, "MISSED: wall>1.3×bound"},
		{"big", func(r *result) { r.Memory.RSS = 200 << 20 }, "MISSED: memory>=100MB"},
		{"a retry", func(r *result) { r.Server.OME["devices"] = 11; r.Report.Requests = 670 },
			"MISSED: requests!=pages(10)+inventory(650)"},
	}
	for _, tt := range tests {
		cp := *r
		cp.Server.OME = map[string]int64{"login": 1, "logout": 1, "devices": 10, "inventory": 650}
		tt.change(&cp)
		if got := targets(&cp, 100); got != tt.want {
			t.Errorf("%s: targets = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestParseSizes reads the -n list.
func TestParseSizes(t *testing.T) {
	t.Parallel()
	got, err := parseSizes("1000, 10000,50000")
	if diff := cmp.Diff([]int{1000, 10000, 50000}, got); diff != "" || err != nil {
		t.Errorf("sizes (-want +got):\n%s (err %v)", diff, err)
	}

	for _, bad := range []string{"", "0", "ten", "10,-1"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
}
