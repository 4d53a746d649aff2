package syncer

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// quirkStoreOf is quirkStore with only the records of tags.
func quirkStoreOf(tags ...string) map[string]map[string]any {
	all := quirkStore()
	out := make(map[string]map[string]any, len(tags))
	for _, tag := range tags {
		out[tag] = all[tag]
	}

	return out
}

// putKept stores the record of TST1002 that quirkStore assumes DSM held
// before the sync.
func putKept(s *sims) {
	s.dsm.Put("TST1002", map[string]any{"device_id": "1002", "service_tag": "TST1002",
		"cpu_count": 2, "memory_gb": 128, "idrac_firmware": "6.10.80.00",
		"bios_version": "2.17.0"})
}

// quirkTypesFiltered counts the devices of omesim.Quirks that are not
// servers by the reason of the default filter.
func quirkTypesFiltered() map[string]int {
	return map[string]int{"type 2000 (chassis) is not synced": 1,
		"type 3000 (storage) is not synced": 1, "type 4000 (network IOM) is not synced": 2,
		"type 8000 (storage IOM) is not synced": 1}
}

// TestEndToEndHooks runs a hook that adds Extra fields to every record,
// skips 1201 and retags 1203, through both simulators.
func TestEndToEndHooks(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})
	putKept(s)
	hook := func(_ context.Context, d *ome.Device, _ *ome.Inventory, rec *dsm.Record) error {
		switch d.ID {
		case 1201:
			return Skip("retired")
		case 1203:
			rec.ServiceTag = "new1203"
		}

		rec.Extra = map[string]any{"managed_by": "omesync", "rack": rack(d.ID)}
		return nil
	}

	rep, err := mustRun(t, s.src, s.sink, WithHook(hook))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := quirkStore()
	delete(want, "TST1201")
	want["NEW1203"] = with(want["TST1203"], "service_tag", "NEW1203")
	delete(want, "TST1203")
	for _, rec := range want {
		id, err := strconv.ParseInt(rec["device_id"].(string), 10, 64)
		if err != nil {
			t.Fatal(err)
		}

		with(rec, "managed_by", "omesync", "rack", rack(id))
	}

	if diff := cmp.Diff(want, s.dsm.Store()); diff != "" {
		t.Errorf("DSM store (-want +got):\n%s", diff)
	}

	if got := problemKeys(rep.ProblemsOf(KindHookSkipped)); len(got) != 1 || got[0].ID != 1201 ||
		rep.Skipped != 7 || rep.Sent != 18 {
		t.Errorf("hook-skipped %v, skipped %d, sent %d; want 1201 alone, 7 and 18",
			got, rep.Skipped, rep.Sent)
	}
}

// rack is the rack the hook of TestEndToEndHooks puts a device in.
func rack(id int64) string { return string(rune('A' + id%2)) }

// TestEndToEndFilters syncs what the model, name and service tag filters
// pass, and counts the rest by reason.
func TestEndToEndFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter Filter
		tags   []string
		reason string
	}{
		{"model", ModelMatches(regexp.MustCompile(`MX750c$`)), []string{"TST1209"},
			"model does not match /MX750c$/"},
		{"name", NameMatches(regexp.MustCompile(`^esx120[1-3]\.`)),
			[]string{"TST1201", "TST1202", "TST1203"},
			`device name does not match /^esx120[1-3]\./`},
		{"service tag", ServiceTags("tst1001", " TST2102"), []string{"TST1001", "TST2102"},
			"service tag is not in the list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{},
				dsm.RetryPolicy{})

			rep, err := mustRun(t, s.src, s.sink, WithFilter(tc.filter))
			if err != nil {
				t.Fatalf("Run: %v", err)
			}

			if diff := cmp.Diff(quirkStoreOf(tc.tags...), s.dsm.Store()); diff != "" {
				t.Errorf("DSM store (-want +got):\n%s", diff)
			}

			// 30 devices, 5 of them not servers.
			want := quirkTypesFiltered()
			want[tc.reason] = 25 - len(tc.tags)
			diff := cmp.Diff(want, rep.FilteredBy)
			if diff != "" || rep.Filtered != 30-len(tc.tags) {
				t.Errorf("filtered %d; by (-want +got):\n%s", rep.Filtered, diff)
			}
		})
	}
}

// TestEndToEndDryRun writes the records as JSON lines, in listing order,
// and posts nothing to DSM.
func TestEndToEndDryRun(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})
	var out bytes.Buffer

	rep, err := mustRun(t, s.src, s.sink, WithDryRun(&out), WithConcurrency(1),
		WithFilter(ServiceTags("TST1001", "TST1203", "TST2102")))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := `{"device_id":"1001","service_tag":"TST1001","model":"PowerEdge R650",` +
		`"hostname":"esx1001.example.com","ip_address":"192.0.2.101","bios_version":"1.10.2",` +
		`"idrac_firmware":"7.00.00.171","cpu_count":2,"memory_gb":64}` + "\n" +
		`{"device_id":"1203","service_tag":"TST1203","model":"PowerEdge R650",` +
		`"hostname":"esx1203.example.com","ip_address":"2001:db8::123","bios_version":"1.10.2",` +
		`"idrac_firmware":"7.00.00.171","cpu_count":2,"memory_gb":64}` + "\n" +
		`{"device_id":"2102","service_tag":"TST2102","model":"PowerEdge R650",` +
		`"hostname":"esx2102.example.com","ip_address":"192.0.2.212","bios_version":"1.10.2",` +
		`"idrac_firmware":"7.00.00.171","cpu_count":2,"memory_gb":16}` + "\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("dry-run output (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff(map[string]map[string]any{}, s.dsm.Store()); diff != "" {
		t.Errorf("DSM store after a dry run (-want +got):\n%s", diff)
	}

	if rep.Sent != 3 || !rep.DryRun || s.dsm.Requests() != 0 || rep.SinkRequests != 0 {
		t.Errorf("sent %d, dry run %v, DSM requests %d (report %d); want 3, true, 0, 0",
			rep.Sent, rep.DryRun, s.dsm.Requests(), rep.SinkRequests)
	}
}
