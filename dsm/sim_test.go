package dsm

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/google/go-cmp/cmp"
)

// The issue-4 proof: 1,000 records through the simulator with its faults
// on end as exactly the expected store and summary.

const (
	simCount    = 1000
	simSeedFrom = 900 // records 900..999 are in DSM before the run
	simLost504  = 25  // the first committed request (25 records) answers 504
)

func simTag(i int) string { return fmt.Sprintf("SIM%04d", i) }

func simRejected(i int) bool { return i > 0 && i%97 == 0 }

func simLinked(i int) bool { return i%3 == 0 }

// simRecord is what the syncer would send for server i: some tags padded
// and lower-case, memory unknown for every fifth, an extra field on evens.
func simRecord(i int) Record {
	tag := simTag(i)
	if i%10 == 0 {
		tag = " " + strings.ToLower(tag) + "\t"
	}

	r := Record{DeviceID: strconv.Itoa(20000 + i), ServiceTag: tag, Model: ptr("PowerEdge R650"),
		Hostname: ptr(fmt.Sprintf("esx-%04d.example.com", i)), CPUCount: ptr(2)}
	if i%5 != 0 {
		r.MemoryGB = ptr(256 + i%4*128)
	}

	if i%2 == 0 {
		r.Extra = map[string]any{"power_state": "on"}
	}

	return r
}

// simSeed is what DSM holds for server i before the run.
func simSeed(i int) map[string]any {
	return map[string]any{"device_id": strconv.Itoa(20000 + i), "model": "PowerEdge R640",
		"memory_gb": 128, "notes": "racked 2023"}
}

// simExpected is the store the run must leave, written out by hand from
// the rules above: merge, unknown keeps the old value, rejected not stored.
func simExpected() map[string]map[string]any {
	want := map[string]map[string]any{}
	for i := range simCount {
		tag := simTag(i)
		rec := map[string]any{"service_tag": tag}
		if i >= simSeedFrom {
			rec = map[string]any{"service_tag": tag, "device_id": strconv.Itoa(20000 + i),
				"model": "PowerEdge R640", "memory_gb": 128, "notes": "racked 2023"}
		}

		if simRejected(i) {
			if i >= simSeedFrom {
				want[tag] = rec
			}

			continue
		}

		rec["device_id"] = strconv.Itoa(20000 + i)
		rec["model"] = "PowerEdge R650"
		rec["hostname"] = fmt.Sprintf("esx-%04d.example.com", i)
		rec["cpu_count"] = 2
		if i%5 != 0 {
			rec["memory_gb"] = 256 + i%4*128
		}

		if i%2 == 0 {
			rec["power_state"] = "on"
		}

		want[tag] = rec
	}

	return want
}

// simWantSummary counts what the answers that arrived must say. The
// first committed request's answers were lost three times (504 after
// commit), so its rows and links were reported as updated by the replay.
func simWantSummary() Summary {
	var s Summary
	for i := range simCount {
		s.Total++
		switch {
		case simRejected(i):
			s.Errors++
			continue
		case i >= simSeedFrom || i < simLost504:
			s.Updated++
		default:
			s.New++
		}

		if simLinked(i) && i >= simLost504 {
			s.AutoLinked++
		}
	}

	return s
}

// faultyWire advances the shared clock 30 s per sync request and runs a
// hook before the numbered requests.
type faultyWire struct {
	mu    sync.Mutex
	clock *clock
	n     int
	hooks map[int]func()
	codes map[int]int
}

func (w *faultyWire) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == SyncPath {
		w.mu.Lock()
		w.n++
		hook := w.hooks[w.n]
		w.clock.Add(30 * time.Second)
		w.mu.Unlock()

		if hook != nil {
			hook()
		}
	}

	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.URL.Path == SyncPath {
		w.mu.Lock()
		w.codes[resp.StatusCode]++
		w.mu.Unlock()
	}

	return resp, err
}

func TestSyncThousandThroughSimulatorWithFaults(t *testing.T) {
	t.Parallel()

	clk := newClock()
	var serials []string
	for i := 0; i < simCount; i += 3 {
		serials = append(serials, strings.ToLower(simTag(i)))
	}

	sim := dsmsim.Start(dsmsim.Config{APIKey: "anon", VCenterSerials: serials,
		TokenLifetime: 5 * time.Minute, Now: clk.Now})
	defer sim.Close()

	for i := simSeedFrom; i < simCount; i++ {
		sim.Put(simTag(i), simSeed(i))
	}

	for i := range simCount {
		if simRejected(i) {
			sim.RejectTags(simTag(i))
		}
	}

	sim.Fail503(2)
	sim.Limit546Above(40)
	sim.Fail504AfterCommit(3)

	wire := &faultyWire{clock: clk, codes: map[int]int{}, hooks: map[int]func(){
		20: sim.RevokeAll,                             // every token dies
		30: func() { sim.Fail503(3) },                 // a 503 burst
		40: func() { clk.Add(10 * time.Minute) },      // the token expires in flight
		50: func() { sim.Fail503(1); sim.Fail500(1) }, // boot error, then a crash
	}}
	hc := &http.Client{Transport: wire}
	store := NewMemoryStore(sim.IssueRefreshToken("ops@example.com"))
	rs, err := NewRefreshSource(sim.URL(), "anon", store, WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	rs.auth.now = clk.Now
	c, err := NewClient(sim.URL(), WithHTTPClient(hc), WithTokenSource(rs), WithAPIKey("anon"))
	if err != nil {
		t.Fatal(err)
	}

	var waits sleeps
	c.sleep = waits.sleep

	devices := make([]Record, simCount)
	for i := range devices {
		devices[i] = simRecord(i)
	}

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: devices})
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}

	if diff := cmp.Diff(simExpected(), sim.Store()); diff != "" {
		t.Errorf("store (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff(simWantSummary(), res.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	if len(res.Errors) != 10 || len(res.Failed) != 0 {
		t.Errorf("device errors %d, failed batches %d; want 10 and 0", len(res.Errors), len(res.Failed))
	}

	// 546: each of the 10 batches of 100 and its two halves of 50
	wantCodes := map[int]int{200: 40, 401: 2, 500: 1, 503: 6, 504: 3, 546: 30}
	if diff := cmp.Diff(wantCodes, wire.codes); diff != "" {
		t.Errorf("answers by status (-want +got):\n%s", diff)
	}

	checkSimCounters(t, sim, c, res, store)
	t.Logf("requests %d, auth requests %d, retry waits %d, refresh tokens saved %d",
		res.Requests, sim.AuthRequests(), len(waits.waits), store.Saves())
}

// checkSimCounters compares the client's and the simulator's books.
func checkSimCounters(t *testing.T, sim *dsmsim.Server, c *Client, res *SyncResult, store *MemoryStore) {
	t.Helper()

	if res.Requests != sim.Requests() || int64(res.Requests) != c.Requests() {
		t.Errorf("requests: result %d, simulator %d, client %d", res.Requests, sim.Requests(), c.Requests())
	}

	if sim.AuthRequests() != store.Saves() || store.Saves() < 4 {
		t.Errorf("auth requests %d, saves %d; want equal and at least 4", sim.AuthRequests(), store.Saves())
	}

	var audit dsmsim.Summary
	for _, s := range sim.Summaries() {
		audit.New += s.New
		audit.Total += s.Total
	}

	if audit.New != simCount-10-99 || audit.Total != simCount+3*simLost504 {
		t.Errorf("audit new %d total %d; want %d and %d", audit.New, audit.Total,
			simCount-10-99, simCount+3*simLost504)
	}
}

// TestConcurrentPostsAfterRevokeNeverReuseRefreshToken: eight callers hit
// 401 at once; the refresh source serialises the renewals, so the
// simulator never sees a refresh token twice (which would revoke the
// session and fail the replays).
func TestConcurrentPostsAfterRevokeNeverReuseRefreshToken(t *testing.T) {
	t.Parallel()

	sim := dsmsim.Start(dsmsim.Config{})
	defer sim.Close()

	store := NewMemoryStore(sim.IssueRefreshToken("ops@example.com"))
	rs, _ := NewRefreshSource(sim.URL(), "", store)
	c, _ := NewClient(sim.URL(), WithTokenSource(rs))
	if err := c.CheckToken(t.Context()); err != nil {
		t.Fatal(err)
	}

	sim.RevokeAll()

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Post(t.Context(), &SyncRequest{Devices: records(i + 1)[i:]})
		}()
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("caller %d: %v", i, err)
		}
	}

	t.Logf("auth requests: %d", sim.AuthRequests())
	if len(sim.Store()) != 8 || sim.AuthRequests() > 1+8 || sim.AuthRequests() != store.Saves() {
		t.Errorf("store %d records, auth requests %d, saves %d", len(sim.Store()), sim.AuthRequests(), store.Saves())
	}
}
