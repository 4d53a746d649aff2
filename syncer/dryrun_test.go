package syncer

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func TestRunDryRunWritesJSONLines(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(2),
		inv: map[int64]*ome.Inventory{1001: fullInventory(2, 16384, 16384)}}
	extra := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		if d.ID == 1002 {
			rec.Extra = map[string]any{"health_status": "ok"}
		}

		return nil
	}
	var out bytes.Buffer

	rep, err := mustRun(t, src, nil, WithDryRun(&out), WithHook(extra), WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := `{"device_id":"1001","service_tag":"TST1001","model":"PowerEdge R650",` +
		`"hostname":"esx1001","bios_version":"2.1.0","cpu_count":2,"memory_gb":32}` + "\n" +
		`{"device_id":"1002","service_tag":"TST1002","model":"PowerEdge R650",` +
		`"hostname":"esx1002","health_status":"ok"}` + "\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("dry-run output (-want +got):\n%s", diff)
	}

	wantRep := &Report{Seen: 2, Sent: 2, DryRun: true, FilteredBy: map[string]int{},
		Requests: 4, SourceRequests: 4}
	if diff := cmp.Diff(wantRep, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// TestRunDryRunDoesNotPost keeps the configured sink untouched.
func TestRunDryRunDoesNotPost(t *testing.T) {
	t.Parallel()
	sink := &fakeSink{}
	var out bytes.Buffer

	if _, err := mustRun(t, &fakeSource{devices: servers(3)}, sink, WithDryRun(&out)); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if n := len(sink.sizes()); n != 0 {
		t.Errorf("dry run posted %d batches", n)
	}

	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("dry run wrote %d lines, want 3", n)
	}
}
