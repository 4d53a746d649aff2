package e2e

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/syncer"
	"github.com/google/go-cmp/cmp"
)

// The fleet of most tests: 60 generated devices, 39 of them servers, read
// in 6 pages of 10 with 39 inventory requests and posted in 4 batches.
const (
	fleetSize    = 60
	fleetPages   = fleetSize / pageSize
	fleetServers = 39
)

// fleet returns the devices of most tests.
func fleet() []omesim.Device { return omesim.Generate(11, fleetSize) }

// span is an inclusive range of request counts.
type span struct{ lo, hi int64 }

// exactly is the span of one count.
func exactly(n int64) span { return span{n, n} }

// faultCase is one fault injected into a sync of fleet().
type faultCase struct {
	name  string
	setup setup
	// arm injects the fault before the run.
	arm  func(r *rig)
	opts []syncer.Option
	// wantErr is what Run's error must match (nil: the run succeeds), and
	// wantText a part of its message.
	wantErr  error
	wantText string
	// listed is how many devices (in Id order) are synced when the listing
	// breaks; 0 means the whole fleet.
	listed int
	// listOnly is how many of the first servers are sent with the fields
	// of the device list only, their inventory having failed.
	listOnly int
	// requests bounds OME's request counts by kind.
	requests map[string]span
	// posts and signIns, when above 0, are the requests DSM's sync
	// function and its token endpoint must have received.
	posts, signIns int
	// check, when set, checks more of the outcome.
	check func(t *testing.T, r *rig, rep *syncer.Report)
}

// runFaults runs each case in parallel.
func runFaults(t *testing.T, cases []faultCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t)
		})
	}
}

// run syncs fleet() with the fault and checks the error, the store, the
// report, the requests and the OME sessions.
func (tc *faultCase) run(t *testing.T) {
	tc.setup.devices = fleet()
	r := newRig(t, tc.setup)
	if tc.arm != nil {
		tc.arm(r)
	}

	rep, err := r.run(t, tc.opts...)
	tc.checkError(t, err)

	sent, failedIDs := tc.checkStore(t, r)
	checkReport(t, rep, sent, failedIDs)
	checkRequests(t, r, rep, tc.requests)
	tc.checkDSMRequests(t, r)
	checkSessionsClosed(t, r)
	if tc.check != nil {
		tc.check(t, r, rep)
	}
}

// checkStore compares DSM's store with the records of the devices listed
// before the fault, the first listOnly servers from the list alone. It
// returns how many records that is and the ids of those servers.
func (tc *faultCase) checkStore(t *testing.T, r *rig) (int, []int) {
	t.Helper()
	listed := tc.setup.devices
	if tc.listed > 0 {
		listed = listed[:tc.listed]
	}

	failedIDs := serverIDs(t, listed)[:tc.listOnly]
	want := expectStore(t, listed, failedIDs...)
	if diff := cmp.Diff(want, r.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	return len(want), failedIDs
}

// checkDSMRequests compares DSM's request counts with the case.
func (tc *faultCase) checkDSMRequests(t *testing.T, r *rig) {
	t.Helper()
	posts, signIns := r.dsm.Requests(), r.dsm.AuthRequests()
	if (tc.posts > 0 && posts != tc.posts) || (tc.signIns > 0 && signIns != tc.signIns) {
		t.Errorf("DSM: %d posts and %d sign-ins; want %d and %d", posts, signIns, tc.posts, tc.signIns)
	}
}

// checkError compares Run's error with the case.
func (tc *faultCase) checkError(t *testing.T, err error) {
	t.Helper()
	if tc.wantErr == nil {
		if err != nil {
			t.Fatalf("Run: %v", err)
		}

		return
	}

	if !errors.Is(err, tc.wantErr) || !strings.Contains(errorText(err), tc.wantText) {
		t.Fatalf("Run error = %v; want %v saying %q", err, tc.wantErr, tc.wantText)
	}

	t.Logf("Run error: %v", err)
}

// checkReport checks the sent count and the devices reported with a
// failed inventory.
func checkReport(t *testing.T, rep *syncer.Report, sent int, failedIDs []int) {
	t.Helper()
	var got []int
	for _, p := range rep.ProblemsOf(syncer.KindInventoryFailed) {
		got = append(got, int(p.DeviceID))
	}

	if rep.Sent != sent || !slices.Equal(got, failedIDs) {
		t.Errorf("report: sent %d, inventory failed for %v; want %d and %v",
			rep.Sent, got, sent, failedIDs)
	}
}

// checkRequests bounds OME's counts by kind and checks that the client
// counted every request the simulator saw.
func checkRequests(t *testing.T, r *rig, rep *syncer.Report, want map[string]span) {
	t.Helper()
	got := r.requests()
	var total int64
	for kind, n := range got {
		total += n
		if w, ok := want[kind]; ok && (n < w.lo || n > w.hi) {
			t.Errorf("%d %s requests, want %d to %d", n, kind, w.lo, w.hi)
		}
	}

	if total != rep.SourceRequests {
		t.Errorf("OME saw %d requests, the report counts %d", total, rep.SourceRequests)
	}
}

// checkSessionsClosed checks that the run left no session open on OME.
func checkSessionsClosed(t *testing.T, r *rig) {
	t.Helper()
	if n := r.ome.OpenSessions(); n != 0 {
		t.Errorf("%d OME sessions left open after %d logins and %d logouts",
			n, r.ome.Logins(), r.ome.Logouts())
	}
}

// serverIDs returns the ids of the servers among devs, in order.
func serverIDs(t *testing.T, devs []omesim.Device) []int {
	t.Helper()
	var ids []int
	for _, d := range devs {
		var sd simDevice
		recode(t, d.Full().Object, &sd)
		if sd.Type == 1000 {
			ids = append(ids, int(sd.ID))
		}
	}

	return ids
}
