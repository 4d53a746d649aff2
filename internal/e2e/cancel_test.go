package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/syncer"
	"github.com/google/go-cmp/cmp"
)

// TestCancelMidRun cancels a sync of a slow appliance once two batches are
// stored, while requests are in flight: the run returns context.Canceled
// with what it did, DSM holds exactly the records sent, each as the
// mapping gives it, and no OME session is left open.
func TestCancelMidRun(t *testing.T) {
	t.Parallel()
	devs := omesim.Generate(11, 200)
	r := newRig(t, setup{devices: devs})
	r.ome.SetLatency(2 * time.Millisecond)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	rep, err := r.runContext(ctx, t, syncer.WithProgress(func(p syncer.Progress) {
		if p.Sent >= 2*batchSize {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}

	store := r.dsm.Store()
	if diff := cmp.Diff(only(expectStore(t, devs), store), store); diff != "" {
		t.Errorf("stored records (-want +got):\n%s", diff)
	}

	if len(store) != rep.Sent || rep.Sent < 2*batchSize || rep.Seen == len(devs) {
		t.Errorf("stored %d, sent %d, seen %d: want stored == sent >= %d and the listing cut short",
			len(store), rep.Sent, rep.Seen, 2*batchSize)
	}

	if sum := rep.Filtered + rep.Skipped + rep.Sent + rep.Failed + rep.Unfinished; sum != rep.Seen {
		t.Errorf("seen %d, accounted for %d", rep.Seen, sum)
	}

	if r.ome.Logins() != 1 || r.ome.Logouts() != 1 {
		t.Errorf("%d logins and %d logouts, want 1 and 1", r.ome.Logins(), r.ome.Logouts())
	}

	checkSessionsClosed(t, r)
}
