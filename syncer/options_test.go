package syncer

import (
	"context"
	"io"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// TestWithTypes syncs chassis beside servers, or every type.
func TestWithTypes(t *testing.T) {
	t.Parallel()
	devices := servers(3)
	devices[1].Type, devices[2].Type = ome.TypeChassis, ome.TypeStorage
	tests := []struct {
		name  string
		types []ome.DeviceType
		sent  int
	}{
		{"servers by default", []ome.DeviceType{ome.TypeServer}, 1},
		{"servers and chassis", []ome.DeviceType{ome.TypeServer, ome.TypeChassis}, 2},
		{"every type", nil, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rep, err := mustRun(t, &fakeSource{devices: devices}, &fakeSink{}, WithTypes(tc.types...))
			if err != nil || rep.Sent != tc.sent || rep.Filtered != 3-tc.sent {
				t.Errorf("sent %d, filtered %d, err %v; want %d sent", rep.Sent, rep.Filtered, err, tc.sent)
			}
		})
	}
}

// TestHookMayRetag lets a hook set another usable, unique tag.
func TestHookMayRetag(t *testing.T) {
	t.Parallel()
	hook := func(_ context.Context, _ *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		rec.ServiceTag = " new" + rec.ServiceTag[3:]
		return nil
	}
	sink := &fakeSink{}

	if _, err := mustRun(t, &fakeSource{devices: servers(2)}, sink, WithHook(hook),
		WithConcurrency(1)); err != nil {
		t.Fatalf("Run: %v", err)
	}

	var tags []string
	for _, r := range sink.sent() {
		tags = append(tags, r.ServiceTag)
	}

	if diff := cmp.Diff([]string{"NEW1001", "NEW1002"}, tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestNewChecksOptions(t *testing.T) {
	t.Parallel()
	src, sink := &fakeSource{}, &fakeSink{}
	tests := []struct {
		name string
		src  Source
		sink Sink
		opts []Option
	}{
		{"no source", nil, sink, nil},
		{"typed nil source", (*fakeSource)(nil), sink, nil},
		{"OMESource without a client", OMESource(nil), sink, nil},
		{"OMESource without a client in a dry run", OMESource(nil), nil,
			[]Option{WithDryRun(io.Discard)}},
		{"no sink", src, nil, nil},
		{"typed nil sink", src, (*fakeSink)(nil), nil},
		{"DSMSink without a client", src, DSMSink(nil), nil},
		{"zero concurrency", src, sink, []Option{WithConcurrency(0)}},
		{"concurrency above the maximum", src, sink, []Option{WithConcurrency(MaxConcurrency + 1)}},
		{"absurd concurrency", src, sink, []Option{WithConcurrency(100000)}},
		{"zero batch", src, sink, []Option{WithBatchSize(0)}},
		{"batch above the maximum", src, sink, []Option{WithBatchSize(dsm.MaxBatchSize + 1)}},
		{"nil filter", src, sink, []Option{WithFilter(nil)}},
		{"nil hook", src, sink, []Option{WithHook(nil)}},
		{"nil dry-run writer", src, sink, []Option{WithDryRun(nil)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if s, err := New(tc.src, tc.sink, tc.opts...); err == nil || s != nil {
				t.Errorf("New = %v, %v; want an error and no syncer", s, err)
			}
		})
	}
}

// TestNewAcceptsLimitsAndNilOptions takes the largest values allowed, and
// ignores nil options.
func TestNewAcceptsLimitsAndNilOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sink Sink
		opts []Option
	}{
		{"nil option", &fakeSink{}, []Option{nil, WithManual(true), nil}},
		{"largest concurrency and batch", &fakeSink{},
			[]Option{WithConcurrency(MaxConcurrency), WithBatchSize(dsm.MaxBatchSize)}},
		{"no sink in a dry run", nil, []Option{WithDryRun(io.Discard)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(&fakeSource{devices: servers(1)}, tc.sink, tc.opts...)
			if err != nil {
				t.Fatalf("New: %v", err)
			}

			if rep, err := s.Run(t.Context()); err != nil || rep.Sent != 1 {
				t.Errorf("Run: sent %d, err %v; want 1 sent", rep.Sent, err)
			}
		})
	}
}

// TestWithTypesCopies keeps the types given: the caller may reuse its
// slice after building the syncer.
func TestWithTypesCopies(t *testing.T) {
	t.Parallel()
	devices := servers(2)
	devices[1].Type = ome.TypeChassis
	types := []ome.DeviceType{ome.TypeServer}
	s, err := New(&fakeSource{devices: devices}, &fakeSink{}, WithTypes(types...))
	if err != nil {
		t.Fatal(err)
	}

	types[0] = ome.TypeChassis
	rep, err := s.Run(t.Context())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := map[string]int{"type 2000 (chassis) is not synced": 1}
	if diff := cmp.Diff(want, rep.FilteredBy); diff != "" || rep.Sent != 1 {
		t.Errorf("sent %d; filtered by (-want +got):\n%s", rep.Sent, diff)
	}
}
