package syncer

import (
	"context"
	"errors"
	"testing"

	"github.com/dsmtools/omesync/ome"
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
