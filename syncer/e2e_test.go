package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// sims are the two simulators and the clients pointed at them.
type sims struct {
	ome  *omesim.Server
	dsm  *dsmsim.Server
	src  Source
	sink Sink
}

// startSims starts both simulators and makes an OME source and a DSM sink
// with fast retries.
func startSims(t testing.TB, oc omesim.Config, dc dsmsim.Config, dsmRetry dsm.RetryPolicy) *sims {
	t.Helper()
	oms := omesim.Start(oc)
	t.Cleanup(oms.Close)
	dss := dsmsim.Start(dc)
	t.Cleanup(dss.Close)

	fast := ome.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	c, err := ome.NewClient(oms.URL(), ome.WithCredentials("admin", "admin"),
		ome.WithHTTPClient(pooled(oms.Client())), ome.WithRetry(fast))
	if err != nil {
		t.Fatal(err)
	}

	ts, err := dsm.StaticToken(dss.IssueToken("sync@example.com", time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	d, err := dsm.NewClient(dss.URL(), dsm.WithTokenSource(ts), dsm.WithRetry(dsmRetry))
	if err != nil {
		t.Fatal(err)
	}

	return &sims{ome: oms, dsm: dss, src: OMESource(c), sink: DSMSink(d)}
}

// pooled keeps enough idle connections for the inventory workers, up to
// MaxConcurrency of them; with net/http's default of 2 per host, two of
// four workers open a new TLS connection for every request.
func pooled(hc *http.Client) *http.Client {
	tr := hc.Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = MaxConcurrency

	return &http.Client{Transport: tr, Timeout: hc.Timeout}
}

// quirkServer is the stored record of a quirk server with 1001's inventory
// (omesim's documentation): R650, esx<id>.example.com, 2 CPUs, 64 GB,
// BIOS 1.10.2, iDRAC 7.00.00.171.
func quirkServer(id, tag, ip string) map[string]any {
	rec := map[string]any{"device_id": id, "service_tag": tag, "model": "PowerEdge R650",
		"hostname": "esx" + id + ".example.com", "bios_version": "1.10.2",
		"idrac_firmware": "7.00.00.171", "cpu_count": 2, "memory_gb": 64}
	if ip != "" {
		rec["ip_address"] = ip
	}

	return rec
}

// with returns rec changed by kv pairs; a nil value deletes the key.
func with(rec map[string]any, kv ...any) map[string]any {
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(rec, kv[i].(string))
			continue
		}

		rec[kv[i].(string)] = kv[i+1]
	}

	return rec
}

// quirkStore is the DSM store after syncing omesim.Quirks() over a store
// that already held TST1002 with values this run cannot learn; written by
// hand from MAPPING.md and omesim's table of quirk devices.
func quirkStore() map[string]map[string]any {
	listOnly := func(id, tag, ip string) map[string]any {
		return with(quirkServer(id, tag, ip), "bios_version", nil, "idrac_firmware", nil,
			"cpu_count", nil, "memory_gb", nil)
	}

	return map[string]map[string]any{
		"TST1001": quirkServer("1001", "TST1001", "192.0.2.101"),
		// Kept from the earlier sync: cpu_count, memory_gb, idrac_firmware.
		"TST1002": with(listOnly("1002", "TST1002", "192.0.2.102"), "bios_version", "2.19.1",
			"cpu_count", 2, "memory_gb", 128, "idrac_firmware", "6.10.80.00"),
		"TST1004": listOnly("1004", "TST1004", "192.0.2.104"),
		"TST1201": quirkServer("1201", "TST1201", "192.0.2.121"),
		"TST1202": quirkServer("1202", "TST1202", "192.0.2.122"),
		"TST1203": quirkServer("1203", "TST1203", "2001:db8::123"),
		"TST1204": quirkServer("1204", "TST1204", ""),
		"TST1205": with(quirkServer("1205", "TST1205", "192.0.2.125"), "hostname", nil),
		"TST1206": quirkServer("1206", "TST1206", ""),
		"TST1207": quirkServer("1207", "TST1207", "192.0.2.127"),
		"TST1208": with(quirkServer("1208", "TST1208", "192.0.2.128"), "idrac_firmware", "7.00.60.00"),
		"TST1209": with(quirkServer("1209", "TST1209", "198.51.100.129"), "model", "PowerEdge MX750c"),
		"TST1210": with(listOnly("1210", "TST1210", "192.0.2.130"), "idrac_firmware", "7.10.30.00"),
		"TST1211": with(quirkServer("1211", "TST1211", "192.0.2.131"), "bios_version", "2.10.0",
			"idrac_firmware", "4.40.00.00"),
		"TST1701": quirkServer("1701", "TST1701", "192.0.2.171"),
		"TST1702": quirkServer("1702", "TST1702", "192.0.2.172"),
		"TST1720": quirkServer("1720", "TST1720", "192.0.2.190"),
		"TST2101": quirkServer("2101", "TST2101", "192.0.2.211"),
		"TST2102": with(quirkServer("2102", "TST2102", "192.0.2.212"), "memory_gb", 16),
	}
}

// TestEndToEndQuirks syncs every quirk device through both simulators and
// compares DSM's store, the report and the OME sessions.
func TestEndToEndQuirks(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()},
		dsmsim.Config{VCenterSerials: []string{"TST1001", "tst1701", "TST1720"}}, dsm.RetryPolicy{})
	putKept(s)

	rep, err := mustRun(t, s.src, s.sink, WithBatchSize(7), WithManual(true))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	if diff := cmp.Diff(quirkStore(), s.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	want := &Report{Seen: 30, Filtered: 5, Skipped: 6, Sent: 19, New: 18, Updated: 1, AutoLinked: 3,
		FilteredBy:     quirkTypesFiltered(),
		Requests:       s.ome.Requests() + int64(s.dsm.Requests()),
		SourceRequests: s.ome.Requests(), SinkRequests: int64(s.dsm.Requests())}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1002, KindInventoryIncomplete, 0}, {1004, KindInventoryPending, 0},
		{1210, KindInventoryFailed, 0}, {1211, KindInventoryIncomplete, 0},
		{1710, KindUnusableServiceTag, 0}, {1711, KindUnusableServiceTag, 0},
		{1712, KindUnusableServiceTag, 0}, {1713, KindUnusableServiceTag, 0},
		{1714, KindUnusableServiceTag, 0}, {1720, KindDuplicateServiceTag, 1721},
		{1721, KindDuplicateServiceTag, 1720}}
	if diff := cmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if n, in := s.ome.OpenSessions(), s.ome.Logins(); n != 0 || in != 1 {
		t.Errorf("OME: %d sessions open after %d logins; want 0 after 1", n, in)
	}

	if audit := s.dsm.Audit(); len(audit) != 3 || !audit[0].Manual {
		t.Errorf("DSM audit %+v: want 3 manual entries (batches of 7)", audit)
	}
}

// TestEndToEndFailuresAreIsolated fails one DSM batch and refuses one
// device: the other batches and devices are stored.
func TestEndToEndFailuresAreIsolated(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{},
		dsm.RetryPolicy{MaxRetries: -1})
	s.dsm.Fail503(1)
	s.dsm.RejectTags("TST2101")

	rep, err := mustRun(t, s.src, s.sink, WithBatchSize(5))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	store := s.dsm.Store()
	failed := rep.ProblemsOf(KindBatchFailed)
	rejected := rep.ProblemsOf(KindRejected)
	if len(failed) != 5 || len(rejected) != 1 || rejected[0].DeviceID != 2101 ||
		rep.Failed != 6 || rep.Sent != 13 || len(store) != 13 {
		t.Fatalf("batch-failed %d, rejected %v, failed %d, sent %d, stored %d; want 5, [2101], 6, 13, 13",
			len(failed), rejected, rep.Failed, rep.Sent, len(store))
	}

	// Which five records share the failed batch depends on which inventory
	// comes first; every other record is stored whole. TST1002 had nothing
	// stored before, so it has only what this run learned.
	want := quirkStore()
	with(want["TST1002"], "cpu_count", nil, "memory_gb", nil, "idrac_firmware", nil)
	for _, p := range append(failed, rejected...) {
		delete(want, p.ServiceTag)
	}

	if diff := cmp.Diff(want, store); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	if s.ome.OpenSessions() != 0 {
		t.Error("OME session left open")
	}
}

// TestEndToEndCancel cancels a sync of a slow appliance half way: the run
// returns what it did, DSM holds exactly what was sent, and no OME
// session stays open.
func TestEndToEndCancel(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Generate(3, 200), Latency: 2 * time.Millisecond},
		dsmsim.Config{}, dsm.RetryPolicy{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	syn, err := New(s.src, s.sink, WithBatchSize(10), WithProgress(func(p Progress) {
		if p.Sent >= 20 {
			cancel()
		}
	}))
	if err != nil {
		t.Fatal(err)
	}

	rep, err := syn.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}

	if got := len(s.dsm.Store()); got != rep.Sent || rep.Sent < 20 || rep.Seen >= 200 {
		t.Errorf("stored %d, sent %d, seen %d: want stored == sent >= 20 and the listing cut short",
			got, rep.Sent, rep.Seen)
	}

	if sum := rep.Filtered + rep.Skipped + rep.Sent + rep.Failed + rep.Unfinished; sum != rep.Seen {
		t.Errorf("seen %d but accounted %d: %+v", rep.Seen, sum, rep)
	}

	if n := s.ome.OpenSessions(); n != 0 || s.ome.Logouts() != 1 {
		t.Errorf("OME: %d sessions open, %d logouts; want 0 and 1", n, s.ome.Logouts())
	}
}

// TestEndToEndPerTypeInventory reads the three mapped sections one request
// each; the store is the same as with one request per device.
func TestEndToEndPerTypeInventory(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})
	s.dsm.Put("TST1002", map[string]any{"device_id": "1002", "service_tag": "TST1002",
		"cpu_count": 2, "memory_gb": 128, "idrac_firmware": "6.10.80.00"})
	c, err := ome.NewClient(s.ome.URL(), ome.WithCredentials("admin", "admin"),
		ome.WithHTTPClient(s.ome.Client()), ome.WithRetry(ome.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}

	src := OMESource(c, WithInventoryTypes(ome.InventoryProcessors, ome.InventoryMemory,
		ome.InventorySoftware))
	if _, err := mustRun(t, src, s.sink); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if diff := cmp.Diff(quirkStore(), s.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	// 19 servers with three sections each; 1210 fails on its first.
	if got := s.ome.RequestsByKind()["inventory"]; got != 18*3+1 {
		t.Errorf("%d inventory requests, want %d", got, 18*3+1)
	}
}

// TestEndToEndInGroup syncs the members of OME group "Rack A" (servers
// with an odd Id). 1721's tag is no longer a duplicate: 1720 is not in it.
func TestEndToEndInGroup(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})

	rep, err := mustRun(t, s.src, s.sink, WithFilter(InGroup("rack a")))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	ids := map[string]any{}
	for tag, rec := range s.dsm.Store() {
		ids[tag] = rec["device_id"]
	}

	want := map[string]any{"TST1001": "1001", "TST1201": "1201", "TST1203": "1203",
		"TST1205": "1205", "TST1207": "1207", "TST1209": "1209", "TST1211": "1211",
		"TST1701": "1701", "TST1720": "1721", "TST2101": "2101"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("stored device ids by tag (-want +got):\n%s", diff)
	}

	if rep.Filtered != 18 || rep.FilteredBy[`device is not in group "rack a"`] != 13 {
		t.Errorf("filtered %d by %v; want 18, 13 of them outside the group", rep.Filtered, rep.FilteredBy)
	}
}

// TestEndToEndListOptions narrows the listing on the appliance and names
// an unknown group.
func TestEndToEndListOptions(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})
	c, err := ome.NewClient(s.ome.URL(), ome.WithCredentials("admin", "admin"),
		ome.WithHTTPClient(s.ome.Client()))
	if err != nil {
		t.Fatal(err)
	}

	src := OMESource(c, WithListOptions(ome.ListOptions{Filter: ome.Eq("Model", "PowerEdge MX750c")}))
	rep, err := mustRun(t, src, s.sink)
	if err != nil || rep.Seen != 1 || rep.Sent != 1 {
		t.Fatalf("Run: seen %d, sent %d, err %v; want the one MX750c", rep.Seen, rep.Sent, err)
	}

	// The source is reused: the second run logs in again and fails on the group.
	_, err = mustRun(t, src, s.sink, WithFilter(InGroup("No Such Group")))
	if !strings.Contains(fmt.Sprint(err), "no OME group is named") || s.ome.OpenSessions() != 0 {
		t.Errorf("Run with an unknown group: err %v, %d sessions open; want an error and none",
			err, s.ome.OpenSessions())
	}
}

// TestEndToEndRevokedToken stops at the first batch when DSM refuses the
// token even after a renewal, and logs out of OME.
func TestEndToEndRevokedToken(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Generate(5, 400)}, dsmsim.Config{},
		dsm.RetryPolicy{})
	s.dsm.RevokeAll()

	rep, err := mustRun(t, s.src, s.sink, WithBatchSize(10))
	if !errors.Is(err, dsm.ErrUnauthorized) {
		t.Fatalf("Run error = %v, want dsm.ErrUnauthorized", err)
	}

	if rep.Failed != 10 || rep.Sent != 0 || len(s.dsm.Store()) != 0 || s.ome.OpenSessions() != 0 {
		t.Errorf("failed %d, sent %d, stored %d, OME sessions %d; want 10, 0, 0, 0",
			rep.Failed, rep.Sent, len(s.dsm.Store()), s.ome.OpenSessions())
	}
}

// TestEndToEndLogsNoSecrets runs a failing sync with debug logging and
// checks that neither the OME password, the OME session token nor the DSM
// token appears in the log, the report or the error.
func TestEndToEndLogsNoSecrets(t *testing.T) {
	t.Parallel()
	const password = `pa:ss/"w0rd`
	oms := omesim.Start(omesim.Config{Devices: omesim.Quirks(),
		Users: map[string]string{"syncer": password}})
	t.Cleanup(oms.Close)
	dss := dsmsim.Start(dsmsim.Config{})
	t.Cleanup(dss.Close)

	spy := pooled(oms.Client())
	tokens := &tokenSpy{next: spy.Transport}
	spy.Transport = tokens
	oc, err := ome.NewClient(oms.URL(), ome.WithCredentials("syncer", password),
		ome.WithHTTPClient(spy), ome.WithRetry(ome.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}

	jwt := dss.IssueToken("sync@example.com", time.Hour)
	ts, err := dsm.StaticToken(jwt)
	if err != nil {
		t.Fatal(err)
	}

	dc, err := dsm.NewClient(dss.URL(), dsm.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}

	dss.RevokeAll()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rep, runErr := mustRun(t, OMESource(oc), DSMSink(dc), WithLogger(log))
	seen := tokens.tokens()
	if runErr == nil || len(seen) == 0 {
		t.Fatalf("Run: err %v, %d OME tokens seen; want an error and a session", runErr, len(seen))
	}

	out, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}

	text := logs.String() + string(out) + runErr.Error() + fmt.Sprint(rep.Problems)
	for _, secret := range append([]string{password, jwt}, seen...) {
		if strings.Contains(text, secret) {
			t.Errorf("a secret of %d characters appears in the output", len(secret))
		}
	}
}

// tokenSpy records the X-Auth-Token values OME hands out.
type tokenSpy struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (s *tokenSpy) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err == nil && resp.Header.Get("X-Auth-Token") != "" {
		s.mu.Lock()
		s.seen = append(s.seen, resp.Header.Get("X-Auth-Token"))
		s.mu.Unlock()
	}

	return resp, err
}

// tokens returns the tokens seen so far.
func (s *tokenSpy) tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return slices.Clone(s.seen)
}
