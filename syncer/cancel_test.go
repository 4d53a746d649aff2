package syncer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// TestRunStopsWhenCancelled cancels the run after its first batch while a
// worker waits on OME: the run stops, posts nothing more, closes the
// source with a live context and reports what was done.
func TestRunStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	firstBatch := make(chan struct{})
	sink := &fakeSink{onSend: func(context.Context, int) error {
		close(firstBatch) // a second batch would panic here
		return nil
	}}
	src := &fakeSource{devices: servers(50)}
	src.onInventory = func(ictx context.Context, d *ome.Device) error {
		if d.ID <= 1002 {
			return nil
		}

		<-firstBatch
		cancel()
		<-ictx.Done()

		return ictx.Err()
	}

	s, err := New(src, sink, WithBatchSize(2), WithConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}

	rep, err := s.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}

	if rep.Sent != 2 || len(sink.sizes()) != 1 {
		t.Errorf("sent %d in %d batches, want 2 in 1", rep.Sent, len(sink.sizes()))
	}

	if sum := rep.Filtered + rep.Skipped + rep.Sent + rep.Failed + rep.Unfinished; sum != rep.Seen ||
		rep.Unfinished == 0 || rep.Seen == 50 {
		t.Errorf("seen %d, accounted %d, unfinished %d: want every device seen accounted, "+
			"some unfinished, and the listing stopped", rep.Seen, sum, rep.Unfinished)
	}

	if n, ctxErr := src.closed.Load(), src.closeCtxErr.Load(); n != 1 || ctxErr != "<nil>" {
		t.Errorf("source closed %d times with context error %v, want once with a live context", n, ctxErr)
	}
}

// TestRunListingFails keeps what was listed before the listing broke.
func TestRunListingFails(t *testing.T) {
	t.Parallel()
	listErr := errors.New("ome: incomplete listing: 3 of 7 devices")
	src := &fakeSource{devices: servers(3), listErr: listErr}
	sink := &fakeSink{}

	rep, err := mustRun(t, src, sink)
	if !errors.Is(err, listErr) {
		t.Fatalf("Run error = %v, want the listing error", err)
	}

	if rep.Seen != 3 || rep.Sent != 3 || src.closed.Load() != 1 {
		t.Errorf("seen %d, sent %d, closed %d; want 3, 3, 1", rep.Seen, rep.Sent, src.closed.Load())
	}
}

// TestRunPrepareFails stops before listing when a filter cannot prepare.
func TestRunPrepareFails(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(3)}

	rep, err := mustRun(t, src, &fakeSink{}, WithFilter(InGroup("Lab")))
	if err == nil || rep.Seen != 0 || src.requests.Load() != 0 {
		t.Errorf("Run: err %v, seen %d, requests %d; want an error before listing",
			err, rep.Seen, src.requests.Load())
	}

	if src.closed.Load() != 1 {
		t.Error("source not closed after a failed prepare")
	}
}

// TestRunCloseFails keeps a failed logout out of the error of a run that
// did its work: the report notes it and is not Incomplete, and the log
// warns. After a run that failed anyway, the error names both.
func TestRunCloseFails(t *testing.T) {
	t.Parallel()
	closeErr := errors.New("ome: 503 service unavailable")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	src := &fakeSource{devices: servers(3), closeErr: closeErr}

	rep, err := mustRun(t, src, &fakeSink{}, WithLogger(log))
	if err != nil {
		t.Fatalf("Run error = %v, want nil after a complete sync", err)
	}

	want := &Report{Seen: 3, Sent: 3, New: 3, FilteredBy: map[string]int{},
		Requests: 6, SourceRequests: 6}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	ps := rep.ProblemsOf(KindCloseFailed)
	if len(ps) != 1 || len(rep.Problems) != 1 || ps[0].DeviceID != 0 ||
		!errors.Is(ps[0].Err, closeErr) || !strings.Contains(ps[0].Reason, "idles out") ||
		rep.Incomplete() {
		t.Errorf("problems %v, Incomplete %v; want one close-failed problem carrying the error "+
			"and saying what to do, and a complete run", rep.Problems, rep.Incomplete())
	}

	if !strings.Contains(logs.String(), "level=WARN msg=\"close failed\"") {
		t.Errorf("log has no warning about the close:\n%s", logs.String())
	}

	listErr := errors.New("ome: incomplete listing")
	src = &fakeSource{devices: servers(2), listErr: listErr, closeErr: closeErr}
	rep, err = mustRun(t, src, &fakeSink{})
	if !errors.Is(err, listErr) || !errors.Is(err, closeErr) ||
		len(rep.ProblemsOf(KindCloseFailed)) != 1 {
		t.Errorf("Run error = %v, problems %v; want both errors joined and the problem noted",
			err, rep.Problems)
	}
}

// splitSink answers the first half of each batch, then fails the second
// half with the context's error after cancel, as dsm.Client.Sync does when
// the run is cancelled between the parts of a split batch.
type splitSink struct{ cancel context.CancelFunc }

func (s splitSink) Send(ctx context.Context, recs []dsm.Record, _ bool) (*dsm.SyncResult, error) {
	half := len(recs) / 2
	s.cancel()
	err := fmt.Errorf("dsm: post: %w", ctx.Err())
	res := &dsm.SyncResult{Summary: dsm.Summary{Total: half, New: half - 1, Updated: 1},
		Failed: []dsm.FailedBatch{{Records: recs[half:], Err: err}}}

	return res, err
}

// TestRunCancelledDuringASplitSend counts the parts of a batch the sink
// stored before the run was cancelled, and leaves only the rest
// unfinished.
func TestRunCancelledDuringASplitSend(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	s, err := New(&fakeSource{devices: servers(4)}, splitSink{cancel}, WithBatchSize(4))
	if err != nil {
		t.Fatal(err)
	}

	rep, err := s.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}

	want := &Report{Seen: 4, Sent: 2, New: 1, Updated: 1, Unfinished: 2,
		FilteredBy: map[string]int{}, Requests: 8, SourceRequests: 8}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	if len(rep.Problems) != 0 {
		t.Errorf("problems %v, want none: the unfinished devices were not refused", rep.Problems)
	}
}
