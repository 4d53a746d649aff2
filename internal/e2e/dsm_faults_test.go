package e2e

import (
	"errors"
	"net/http"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/syncer"
	"github.com/google/go-cmp/cmp"
)

// fleetBatches is the number of batches of batchSize that fleet() fills.
const fleetBatches = (fleetServers + batchSize - 1) / batchSize

// TestDSMTokenRenewal revokes DSM's access tokens before the second batch:
// the gateway answers 401, the client signs in again once, replays that
// batch, and every batch is stored.
func TestDSMTokenRenewal(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name:  "401 then renewal",
		arm:   func(r *rig) { r.spy.on(nthPost(2), r.dsm.RevokeAll) },
		posts: fleetBatches + 1, signIns: 2,
	}})
}

// TestDSM504AfterCommit answers the third batch with a 504 after its
// upsert committed: the batch is sent again, nothing is doubled, and the
// replay counts those servers as updated.
func TestDSM504AfterCommit(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name:  "third batch",
		arm:   func(r *rig) { r.spy.on(nthPost(3), func() { r.dsm.Fail504AfterCommit(1) }) },
		posts: fleetBatches + 1, signIns: 1,
		check: func(t *testing.T, _ *rig, rep *syncer.Report) {
			if rep.New != fleetServers-batchSize || rep.Updated != batchSize || rep.Failed != 0 {
				t.Errorf("new %d, updated %d, failed %d; want %d, %d, 0",
					rep.New, rep.Updated, rep.Failed, fleetServers-batchSize, batchSize)
			}
		},
	}})
}

// TestDSMResourceLimit posts the whole fleet in one batch to a function
// that answers 546 above 10 devices: the client halves the batch until
// every part passes (39, then 19 and 20, then four of 9 or 10), and every
// server is stored once.
func TestDSMResourceLimit(t *testing.T) {
	t.Parallel()
	runFaults(t, []faultCase{{
		name:  "546 above 10 devices",
		arm:   func(r *rig) { r.dsm.Limit546Above(10) },
		opts:  []syncer.Option{syncer.WithBatchSize(syncer.DefaultBatchSize)},
		posts: 1 + 2 + 4, signIns: 1,
	}})
}

// TestDSMResourceLimitLargeFleet syncs 250 devices (164 servers) in
// batches of the default 100 to a function that answers 546 above 30
// devices: each batch is halved until its parts pass (100 to four of 25,
// 64 to four of 16), in 14 posts, and every server is stored once.
func TestDSMResourceLimitLargeFleet(t *testing.T) {
	t.Parallel()
	devs := omesim.Generate(23, 250)
	servers := len(serverIDs(t, devs))
	r := newRig(t, setup{devices: devs})
	r.dsm.Limit546Above(30)

	rep, err := r.run(t, syncer.WithBatchSize(syncer.DefaultBatchSize))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	if diff := cmp.Diff(expectStore(t, devs), r.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	checkReport(t, rep, servers, nil)
	if posts := r.dsm.Requests(); servers != 164 || posts != 14 || rep.New != servers {
		t.Errorf("%d servers, %d posts, %d new; want 164, 14 and 164", servers, posts, rep.New)
	}

	checkSessionsClosed(t, r)
}

// TestDSMSignInRefused signs in to DSM with a wrong password: the run
// fails with dsm.ErrUnauthorized before any OME request, posts nothing and
// leaves no OME session.
func TestDSMSignInRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t, setup{devices: fleet()})
	hc := &http.Client{Transport: r.spy.wrap(http.DefaultTransport)}
	ts, err := dsm.NewPasswordSource(r.dsm.URL(), dsmAPIKey, dsmEmail, "not-"+dsmPassword,
		dsm.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	r.dc, err = dsm.NewClient(r.dsm.URL(), dsm.WithTokenSource(ts), dsm.WithAPIKey(dsmAPIKey),
		dsm.WithHTTPClient(hc), dsm.WithRetry(dsmRetry))
	if err != nil {
		t.Fatal(err)
	}

	rep, err := r.run(t)
	if !errors.Is(err, dsm.ErrUnauthorized) {
		t.Fatalf("Run error = %v, want dsm.ErrUnauthorized", err)
	}

	t.Logf("Run error: %v", err)
	want := map[string]int64{"login": 0, "logout": 0, "devices": 0, "device": 0, "inventory": 0,
		"other": 0}
	if diff := cmp.Diff(want, r.requests()); diff != "" || rep.SourceRequests != 0 {
		t.Errorf("run counted %d OME requests; OME requests by kind (-want +got):\n%s",
			rep.SourceRequests, diff)
	}

	if posts, signIns := r.dsm.Requests(), r.dsm.AuthRequests(); posts != 0 || signIns != 1 ||
		rep.Seen != 0 {
		t.Errorf("DSM: %d posts, %d sign-ins, %d devices seen; want 0, 1, 0", posts, signIns, rep.Seen)
	}

	checkSessionsClosed(t, r)
}
