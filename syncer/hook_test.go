package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func TestRunHooks(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(5)}
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		switch d.ID {
		case 1001:
			rec.Model = ptr("R650 (rack A)")
			rec.Extra = map[string]any{"power_state": "on"}
		case 1002:
			return fmt.Errorf("lab machine: %w", Skip("lab machines are not tracked"))
		case 1003:
			return errors.New("cmdb lookup failed")
		case 1004:
			rec.ServiceTag = " tst1001" // a tag another device holds
		case 1005:
			rec.ServiceTag = "n/a"
		}

		return nil
	}
	second := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		if d.ID == 1002 || d.ID == 1003 {
			t.Errorf("second hook ran for device %d after the first one stopped it", d.ID)
		}

		return nil
	}
	sink := &fakeSink{}

	rep, err := mustRun(t, src, sink, WithHook(hook), WithHook(second), WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := []dsm.Record{{DeviceID: "1001", ServiceTag: "TST1001", Model: ptr("R650 (rack A)"),
		Hostname: ptr("esx1001"), Extra: map[string]any{"power_state": "on"}}}
	if diff := cmp.Diff(want, sink.sent()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1001, KindDuplicateServiceTag, 1004},
		{1002, KindHookSkipped, 0}, {1003, KindHookFailed, 0},
		{1004, KindDuplicateServiceTag, 1001}, {1005, KindUnusableServiceTag, 0}}
	if diff := cmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if rep.Sent != 1 || rep.Skipped != 3 || rep.Failed != 1 {
		t.Errorf("sent %d skipped %d failed %d, want 1, 3, 1", rep.Sent, rep.Skipped, rep.Failed)
	}

	if got := rep.ProblemsOf(KindHookSkipped)[0].Reason; got != "lab machines are not tracked" {
		t.Errorf("skip reason = %q", got)
	}
}

func TestSkipMatchesErrSkip(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("wrapped: %w", Skip("why"))
	if !errors.Is(err, ErrSkip) || skipReason(err) != "why" {
		t.Errorf("Skip: errors.Is = %v, reason %q", errors.Is(err, ErrSkip), skipReason(err))
	}

	if got := skipReason(ErrSkip); got != ErrSkip.Error() {
		t.Errorf("skipReason(ErrSkip) = %q", got)
	}
}

// TestRunRecoversPanickingHooks fails the device whose hook panics and
// goes on with the others.
func TestRunRecoversPanickingHooks(t *testing.T) {
	t.Parallel()
	cause := errors.New("index out of range in the cmdb table")
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, _ *dsm.Record) error {
		switch d.ID {
		case 1002:
			panic("boom")
		case 1003:
			panic(cause)
		}

		return nil
	}
	sink := &fakeSink{}

	rep, err := mustRun(t, &fakeSource{devices: servers(4)}, sink, WithHook(hook))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := &Report{Seen: 4, Sent: 2, New: 2, Failed: 2, FilteredBy: map[string]int{},
		Requests: 8, SourceRequests: 8}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1002, KindHookFailed, 0}, {1003, KindHookFailed, 0}}
	if diff := cmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}

	var pe *PanicError
	if p := rep.Problems[0]; !errors.As(p.Err, &pe) || pe.Value != "boom" ||
		!strings.Contains(p.Reason, "hook panicked: boom") || len(pe.Stack) == 0 {
		t.Errorf("problem of device 1002 = %q (err %#v), want the panic value and its stack",
			p.Reason, p.Err)
	}

	if p := rep.Problems[1]; !errors.Is(p.Err, cause) {
		t.Errorf("problem of device 1003 does not unwrap to the value panicked with: %v", p.Err)
	}
}

// TestRunFailsUnencodableRecordsAlone fails each device whose hooks left a
// record that cannot be encoded, or another device_id, and sends the
// others in the same batch; in a dry run too.
func TestRunFailsUnencodableRecordsAlone(t *testing.T) {
	t.Parallel()
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		switch d.ID {
		case 1002:
			rec.Extra = map[string]any{"hostname": "esx-other", "rack": "A"}
		case 1003:
			rec.Extra = map[string]any{"": "x"}
		case 1004:
			rec.Extra = map[string]any{"power_state": "on", "temp_c": math.NaN()}
		case 1005:
			rec.Extra = map[string]any{"events": make(chan int)}
		case 1006:
			rec.DeviceID = "9999"
		}

		return nil
	}
	wantReasons := map[int64]string{1002: `extra field "hostname"`, 1003: `extra field ""`,
		1004: `extra field "temp_c"`, 1005: `extra field "events"`,
		1006: "a hook may not change device_id"}
	for _, dry := range []bool{false, true} {
		t.Run(fmt.Sprintf("dry run %v", dry), func(t *testing.T) {
			t.Parallel()
			sink := &fakeSink{}
			var out bytes.Buffer
			opts := []Option{WithHook(hook), WithBatchSize(10)}
			if dry {
				opts = append(opts, WithDryRun(&out))
			}

			rep, err := mustRun(t, &fakeSource{devices: servers(7)}, sink, opts...)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}

			want := &Report{Seen: 7, Sent: 2, New: 2, Failed: 5, DryRun: dry,
				FilteredBy: map[string]int{}, Requests: 14, SourceRequests: 14}
			var sent []string
			for _, r := range sink.sent() {
				sent = append(sent, r.DeviceID)
			}

			if dry {
				want.New = 0
				sent = nil
				for line := range strings.Lines(out.String()) {
					var rec dsm.Record
					if err := json.Unmarshal([]byte(line), &rec); err != nil {
						t.Fatalf("dry-run line %q: %v", line, err)
					}

					sent = append(sent, rec.DeviceID)
				}
			}

			if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}

			if diff := cmp.Diff([]string{"1001", "1007"}, sent); diff != "" {
				t.Errorf("records sent (-want +got):\n%s", diff)
			}

			got := map[int64]string{}
			for _, p := range rep.ProblemsOf(KindHookFailed) {
				for _, w := range wantReasons {
					if strings.Contains(p.Reason, w) {
						got[p.DeviceID] = w
					}
				}
			}

			if diff := cmp.Diff(wantReasons, got); diff != "" {
				t.Errorf("hook-failed problems naming the field (-want +got):\n%s\n%v",
					diff, rep.Problems)
			}
		})
	}
}

// TestRunRetagReleasesTheListedTag lets a device take a tag that another
// device's hook changed away from: that tag never reaches DSM.
func TestRunRetagReleasesTheListedTag(t *testing.T) {
	t.Parallel()
	twin := server(1002)
	twin.DeviceServiceTag = "tst1001"
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		if d.ID == 1001 {
			rec.ServiceTag = "NEW1001"
		}

		return nil
	}
	sink := &fakeSink{}

	rep, err := mustRun(t, &fakeSource{devices: []ome.Device{server(1001), twin}}, sink,
		WithHook(hook))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	got := map[string]string{}
	for _, r := range sink.sent() {
		got[r.DeviceID] = r.ServiceTag
	}

	if diff := cmp.Diff(map[string]string{"1001": "NEW1001", "1002": "TST1001"}, got); diff != "" ||
		len(rep.Problems) != 0 {
		t.Errorf("tags sent (-want +got):\n%s\nproblems: %v", diff, rep.Problems)
	}
}

// TestRunRetagCollisionsKeepTheLowerID has two hooks set the tag that a
// third device is listed with, while the lowest id's inventory is the
// slowest: the lowest id keeps the tag, whatever finishes first.
func TestRunRetagCollisionsKeepTheLowerID(t *testing.T) {
	t.Parallel()
	third := server(1003)
	third.DeviceServiceTag = "ZZZ9999"
	hooked := make(chan struct{})
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		switch d.ID {
		case 1001:
			rec.ServiceTag = "zzz9999"
		case 1002:
			rec.ServiceTag = "ZZZ9999"
			close(hooked)
		}

		return nil
	}
	src := &fakeSource{devices: []ome.Device{server(1001), server(1002), third}}
	src.onInventory = func(ctx context.Context, d *ome.Device) error {
		if d.ID != 1001 {
			return nil
		}

		select { // 1001 is read after 1002's hook ran
		case <-hooked:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	sink := &fakeSink{}

	rep, err := mustRun(t, src, sink, WithHook(hook), WithConcurrency(3))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	var sent []string
	for _, r := range sink.sent() {
		sent = append(sent, r.DeviceID+" "+r.ServiceTag)
	}

	if diff := cmp.Diff([]string{"1001 ZZZ9999"}, sent); diff != "" {
		t.Errorf("records sent (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1001, KindDuplicateServiceTag, 1002},
		{1001, KindDuplicateServiceTag, 1003}, {1002, KindDuplicateServiceTag, 1001},
		{1003, KindDuplicateServiceTag, 1001}}
	if diff := cmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if rep.Sent != 1 || rep.Skipped != 2 {
		t.Errorf("sent %d, skipped %d; want 1 and 2", rep.Sent, rep.Skipped)
	}
}

// TestRunClearsUnknownValuesAHookSets leaves out the standard fields a hook
// set to "" or a number of 0 or less, notes each one, and keeps the
// others and the Extra fields, even empty ones.
func TestRunClearsUnknownValuesAHookSets(t *testing.T) {
	t.Parallel()
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		if d.ID == 1001 {
			rec.Model, rec.Hostname, rec.IPAddress = ptr(""), ptr(" \t"), ptr("192.0.2.1")
			rec.BIOSVersion, rec.IDRACFirmware = ptr("2.1.0"), ptr("")
			rec.CPUCount, rec.MemoryGB = ptr(0), ptr(-64)
			rec.Extra = map[string]any{"rack": "", "slots": 0}
		}

		return nil
	}
	src := &fakeSource{devices: servers(2),
		inv: map[int64]*ome.Inventory{1001: fullInventory(2, 16384), 1002: fullInventory(1, 8192)}}
	sink := &fakeSink{}

	rep, err := mustRun(t, src, sink, WithHook(hook), WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := []dsm.Record{
		{DeviceID: "1001", ServiceTag: "TST1001", IPAddress: ptr("192.0.2.1"),
			BIOSVersion: ptr("2.1.0"), Extra: map[string]any{"rack": "", "slots": 0}},
		{DeviceID: "1002", ServiceTag: "TST1002", Model: ptr("PowerEdge R650"),
			Hostname: ptr("esx1002"), BIOSVersion: ptr("2.1.0"), CPUCount: ptr(1),
			MemoryGB: ptr(8)},
	}
	if diff := cmp.Diff(want, sink.sent()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}

	note := func(what string) Problem {
		return Problem{DeviceID: 1001, Name: "esx1001", ServiceTag: "TST1001",
			Kind: KindHookEmptyField, Reason: "a hook set " + what + ", an unknown value; " +
				"the field is left out, so that DSM keeps what it holds"}
	}
	wantProblems := []Problem{note(`model to ""`), note(`hostname to " \t"`),
		note(`idrac_firmware to ""`), note("cpu_count to 0"), note("memory_gb to -64")}
	if diff := cmp.Diff(wantProblems, rep.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if rep.Sent != 2 || rep.Incomplete() {
		t.Errorf("sent %d, incomplete %v; want 2 sent and a complete run",
			rep.Sent, rep.Incomplete())
	}
}
