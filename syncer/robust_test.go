package syncer

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"log/slog"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// panicSink panics in Send and counts the calls.
type panicSink struct{ calls *int }

func (s panicSink) Send(context.Context, []dsm.Record, bool) (*dsm.SyncResult, error) {
	*s.calls++
	panic("sink broke")
}

// panicOps are the Ops of the *PanicError of each problem, in order.
func panicOps(ps []Problem) []string {
	var ops []string
	for _, p := range ps {
		var pe *PanicError
		if errors.As(p.Err, &pe) {
			ops = append(ops, pe.Op)
		}
	}

	return ops
}

// TestRunRecoversPanickingSink fails the batch whose Send panicked, stops
// the run with an error that says why, and logs out of OME.
func TestRunRecoversPanickingSink(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Generate(3, 4)}, dsmsim.Config{},
		dsm.RetryPolicy{})
	calls := 0

	rep, err := mustRun(t, s.src, panicSink{&calls}, WithBatchSize(2), WithConcurrency(1))
	const wantErr = "syncer: run stopped early: the sink (syncer.panicSink) panicked, " +
		"and would most likely panic again, so the run stops: sink panicked: sink broke"
	if diff := cmp.Diff(wantErr, errText(err)); diff != "" {
		t.Errorf("Run error (-want +got):\n%s", diff)
	}

	accounted := rep.Filtered + rep.Skipped + rep.Sent + rep.Failed + rep.Unfinished
	got := []int{calls, rep.Sent, rep.Failed, rep.Seen - accounted}
	if diff := cmp.Diff([]int{1, 0, 2, 0}, got); diff != "" {
		t.Errorf("calls, sent, failed, seen unaccounted (-want +got):\n%s", diff)
	}

	ps := rep.ProblemsOf(KindBatchFailed)
	if diff := cmp.Diff([]string{PanicInSink, PanicInSink}, panicOps(ps)); diff != "" {
		t.Errorf("panic ops of the batch problems (-want +got):\n%s", diff)
	}

	if n, out := s.ome.OpenSessions(), s.ome.Logouts(); n != 0 || out != 1 {
		t.Errorf("OME: %d sessions open, %d logouts; want 0 and 1", n, out)
	}
}

// errText is err's text, or "<nil>".
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}

	return err.Error()
}

// TestRunRecoversPanickingProgress calls a progress callback that panics
// once, notes it in the report, warns, and syncs every device.
func TestRunRecoversPanickingProgress(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	calls := 0
	progress := func(Progress) { calls++; panic("progress broke") }

	rep, err := mustRun(t, &fakeSource{devices: servers(3)}, &fakeSink{},
		WithProgress(progress), WithLogger(log))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := &Report{Seen: 3, Sent: 3, New: 3, FilteredBy: map[string]int{},
		Requests: 6, SourceRequests: 6}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantP := []string{"run: progress-panicked: progress panicked: progress broke; " +
		"it is not called again in this run"}
	var gotP []string
	for _, p := range rep.Problems {
		gotP = append(gotP, p.String())
	}

	if diff := cmp.Diff(wantP, gotP); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if calls != 1 || !strings.Contains(logs.String(), `msg="progress callback panicked"`) ||
		rep.Incomplete() {
		t.Errorf("progress called %d times, Incomplete %v, log:\n%s\nwant once, "+
			"a complete run and a warning", calls, rep.Incomplete(), logs.String())
	}
}

// panicListing lists its devices, then panics.
type panicListing struct{ *fakeSource }

func (p panicListing) Devices(ctx context.Context) iter.Seq2[ome.Device, error] {
	return func(yield func(ome.Device, error) bool) {
		for d, err := range p.fakeSource.Devices(ctx) {
			if !yield(d, err) {
				return
			}
		}

		panic("listing broke")
	}
}

// TestRunRecoversPanickingListing ends a run whose source's Devices
// panics as a failed listing: what was listed is synced, and the source
// is closed.
func TestRunRecoversPanickingListing(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(2)}

	rep, err := mustRun(t, panicListing{src}, &fakeSink{})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Op != PanicInListing {
		t.Fatalf("Run error = %v, want a *PanicError of the listing", err)
	}

	const wantErr = "syncer: list devices: listing panicked: listing broke"
	if diff := cmp.Diff(wantErr, err.Error()); diff != "" {
		t.Errorf("Run error (-want +got):\n%s", diff)
	}

	if rep.Sent != 2 || src.closed.Load() != 1 {
		t.Errorf("sent %d, closed %d; want 2 and 1", rep.Sent, src.closed.Load())
	}
}

// panicJSON panics when encoded.
type panicJSON struct{}

func (panicJSON) MarshalJSON() ([]byte, error) { panic("encoding broke") }

// TestRunRecoversPanickingMapping fails a device whose hooked record
// panics when encoded, and syncs the others.
func TestRunRecoversPanickingMapping(t *testing.T) {
	t.Parallel()
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		if d.ID == 1002 {
			rec.Extra = map[string]any{"rack": panicJSON{}}
		}

		return nil
	}

	rep, err := mustRun(t, &fakeSource{devices: servers(3)}, &fakeSink{}, WithHook(hook))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := []panicRecord{{1002, KindPanicked, PanicInMapping, "mapping panicked: encoding broke",
		"mapping panicked: encoding broke; the device is not sent", true}}
	var got []panicRecord
	for _, p := range rep.Problems {
		var pe *PanicError
		if errors.As(p.Err, &pe) {
			got = append(got, panicRecord{p.DeviceID, p.Kind, pe.Op, pe.Error(), p.Reason,
				len(pe.Stack) > 0})
		}
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("panic problems (-want +got):\n%s", diff)
	}

	if rep.Sent != 2 || rep.Failed != 1 {
		t.Errorf("sent %d, failed %d; want 2 and 1", rep.Sent, rep.Failed)
	}
}

// panicPrep is a filter whose Prepare panics: nothing guards it.
type panicPrep struct{ FilterFunc }

func (panicPrep) Prepare(context.Context, Source) error { panic("prepare broke") }

// TestRunClosesSourceWhenPanicking lets a panic from unguarded code go up
// to the caller, but only after the source was closed.
func TestRunClosesSourceWhenPanicking(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(1)}
	s, err := New(src, &fakeSink{}, WithFilter(panicPrep{func(*ome.Device) (bool, string) {
		return true, ""
	}}))
	if err != nil {
		t.Fatal(err)
	}

	got := func() (v any) {
		defer func() { v = recover() }()
		_, _ = s.Run(t.Context())
		return nil
	}()
	if got != "prepare broke" || src.closed.Load() != 1 {
		t.Errorf("Run panicked with %v and closed the source %d times; want "+
			"the panic after one close", got, src.closed.Load())
	}
}

// TestNewRefusesNilWriters refuses a dry run or a JSON lines sink without
// a writer when the syncer is built, not in Run.
func TestNewRefusesNilWriters(t *testing.T) {
	t.Parallel()
	var buf *bytes.Buffer
	tests := []struct {
		name string
		sink Sink
		opts []Option
		want string
	}{
		{"JSONLinesSink(nil)", JSONLinesSink(nil), nil,
			"syncer: JSONLinesSink needs a writer, got nil"},
		{"JSONLinesSink of a nil buffer", JSONLinesSink(buf), nil,
			"syncer: JSONLinesSink needs a writer, got nil"},
		{"WithDryRun(nil)", nil, []Option{WithDryRun(nil)},
			"syncer: WithDryRun needs a writer, got nil"},
		{"WithDryRun of a nil buffer", nil, []Option{WithDryRun(buf)},
			"syncer: WithDryRun needs a writer, got nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(&fakeSource{}, tc.sink, tc.opts...)
			if s != nil {
				t.Fatalf("New = %v, want nil and an error", s)
			}

			if diff := cmp.Diff(tc.want, errText(err)); diff != "" {
				t.Errorf("New error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunOnSyncerNotMadeByNew returns an error and a report, not a panic.
func TestRunOnSyncerNotMadeByNew(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]*Syncer{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rep, err := s.Run(t.Context())
			const want = "syncer: Run on a Syncer not made by New; use syncer.New"
			if diff := cmp.Diff(want, errText(err)); diff != "" {
				t.Errorf("Run error (-want +got):\n%s", diff)
			}

			if diff := cmp.Diff(&Report{FilteredBy: map[string]int{}}, rep); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunWithEndedContext starts nothing when ctx has already ended: no
// request to OME or DSM, ctx's error wrapped, and a report of nothing.
func TestRunWithEndedContext(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Generate(3, 4)}, dsmsim.Config{},
		dsm.RetryPolicy{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	syn, err := New(s.src, s.sink)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := syn.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}

	if diff := cmp.Diff("syncer: run not started: context canceled", err.Error()); diff != "" {
		t.Errorf("Run error (-want +got):\n%s", diff)
	}

	want := &Report{FilteredBy: map[string]int{}}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	if o, d := s.ome.Requests(), s.dsm.Requests(); o != 0 || d != 0 {
		t.Errorf("requests: OME %d, DSM %d; want none", o, d)
	}
}
