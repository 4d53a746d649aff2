package syncer

import (
	"cmp"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jarcoal/httpmock"
)

// problemKey is the part of a problem that tests compare.
type problemKey struct {
	ID      int64
	Kind    ProblemKind
	Related int64
}

// problemKeys sorts a report's problems into keys.
func problemKeys(ps []Problem) []problemKey {
	keys := make([]problemKey, 0, len(ps))
	for _, p := range ps {
		keys = append(keys, problemKey{p.DeviceID, p.Kind, p.RelatedDeviceID})
	}

	slices.SortFunc(keys, func(a, b problemKey) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Related, b.Related))
	})

	return keys
}

var ignoreRunFields = cmpopts.IgnoreFields(Report{}, "Duration", "Problems")

// mustRun builds a syncer and runs it once.
func mustRun(t *testing.T, src Source, sink Sink, opts ...Option) (*Report, error) {
	t.Helper()
	s, err := New(src, sink, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	return s.Run(t.Context())
}

func TestRunCountsEveryDevice(t *testing.T) {
	t.Parallel()
	chassis, iom := server(1002), server(1003)
	chassis.Type, iom.Type = ome.TypeChassis, ome.TypeNetworkIOM
	placeholder, dup := server(1004), server(1005)
	placeholder.DeviceServiceTag, dup.DeviceServiceTag = "N/A", "tst1001 "
	src := &fakeSource{
		devices: []ome.Device{server(1001), chassis, iom, placeholder, dup,
			server(1006), server(1007), server(1008)},
		inv: map[int64]*ome.Inventory{1001: fullInventory(2, 32768, 32768),
			1007: {DeviceID: 1007}, 1008: fullInventory(1, 1024)},
		invErr: map[int64]error{1006: errors.New("ome: 500 internal error")},
	}
	sink := &fakeSink{refuse: map[string]string{"TST1008": "invalid model"}}

	rep, err := mustRun(t, src, sink, WithConcurrency(1), WithBatchSize(3))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	listed := func(id string) dsm.Record {
		return dsm.Record{DeviceID: id, ServiceTag: "TST" + id, Model: ptr("PowerEdge R650"),
			Hostname: ptr("esx" + id)}
	}
	full := listed("1001")
	full.CPUCount, full.MemoryGB, full.BIOSVersion = ptr(2), ptr(64), ptr("2.1.0")
	last := listed("1008")
	last.CPUCount, last.MemoryGB, last.BIOSVersion = ptr(1), ptr(1), ptr("2.1.0")
	wantRecords := []dsm.Record{full, listed("1006"), listed("1007"), last}
	if diff := gocmp.Diff(wantRecords, sink.sent()); diff != "" {
		t.Errorf("records sent (-want +got):\n%s", diff)
	}

	want := &Report{Seen: 8, Filtered: 2, Skipped: 2, Sent: 3, New: 3, Failed: 1,
		FilteredBy: map[string]int{"type 2000 (chassis) is not synced": 1,
			"type 4000 (network IOM) is not synced": 1},
		Requests: 12, SourceRequests: 12}
	if diff := gocmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{
		{1001, KindDuplicateServiceTag, 1005}, {1004, KindUnusableServiceTag, 0},
		{1005, KindDuplicateServiceTag, 1001}, {1006, KindInventoryFailed, 0},
		{1007, KindInventoryPending, 0}, {1008, KindRejected, 0},
	}
	if diff := gocmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	if n := src.closed.Load(); n != 1 {
		t.Errorf("source closed %d times, want 1", n)
	}
}

// TestRunSendsARepeatedDeviceOnce counts and sends a device the source
// lists twice once, and notes the repeat.
func TestRunSendsARepeatedDeviceOnce(t *testing.T) {
	t.Parallel()
	chassis := server(1004)
	chassis.Type = ome.TypeChassis
	renamed := server(1002)
	renamed.DeviceName = "esx1002-renamed"
	src := &fakeSource{devices: []ome.Device{server(1001), server(1002), server(1001), chassis,
		server(1003), renamed, chassis}}
	sink := &fakeSink{}

	rep, err := mustRun(t, src, sink, WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	var ids []string
	for _, r := range sink.sent() {
		ids = append(ids, r.DeviceID)
	}

	if diff := gocmp.Diff([]string{"1001", "1002", "1003"}, ids); diff != "" {
		t.Errorf("records sent (-want +got):\n%s", diff)
	}

	want := &Report{Seen: 4, Filtered: 1, Sent: 3, New: 3, Requests: 10, SourceRequests: 10,
		FilteredBy: map[string]int{"type 2000 (chassis) is not synced": 1}}
	if diff := gocmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1001, KindRepeatedDevice, 0}, {1002, KindRepeatedDevice, 0},
		{1004, KindRepeatedDevice, 0}}
	if diff := gocmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestRunFailsUnreadableDevicesAlone fails each device list entry that
// OME sent in a shape the ome client cannot decode, and syncs the others.
func TestRunFailsUnreadableDevicesAlone(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://ome.test/api/DeviceService/Devices",
		jsonResponder(`{"@odata.count": 5, "value": [
			{"Id": 1001, "Type": 1000, "DeviceServiceTag": "TST1001"},
			{"Id": "abc", "Type": 1000},
			{"Id": 1003, "Type": 1000, "DeviceServiceTag": 7},
			null,
			{"Id": 1005, "Type": 1000, "DeviceServiceTag": "TST1005"}]}`))
	mock.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`/InventoryDetails$`),
		jsonResponder(`{"value": []}`))
	c, err := ome.NewClient("https://ome.test", ome.WithCredentials("reader", "not-a-secret"),
		ome.WithBasicAuth(), ome.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		t.Fatal(err)
	}

	sink := &fakeSink{}
	rep, err := mustRun(t, OMESource(c), sink, WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := &Report{Seen: 5, Sent: 2, New: 2, Failed: 3, FilteredBy: map[string]int{},
		Requests: 3, SourceRequests: 3}
	if diff := gocmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{0, KindUnreadableDevice, 0}, {0, KindUnreadableDevice, 0},
		{1001, KindInventoryPending, 0}, {1003, KindUnreadableDevice, 0},
		{1005, KindInventoryPending, 0}}
	if diff := gocmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	for _, p := range rep.ProblemsOf(KindUnreadableDevice) {
		var de *ome.DeviceDecodeError
		if !errors.As(p.Err, &de) || !strings.Contains(p.Reason, "not sent") {
			t.Errorf("problem %q carries no *ome.DeviceDecodeError or does not say the device "+
				"is not sent", p)
		}
	}
}

// jsonResponder answers with a JSON body.
func jsonResponder(body string) httpmock.Responder {
	return httpmock.NewStringResponder(http.StatusOK, body).HeaderSet(http.Header{
		"Content-Type": {"application/json"}})
}
