package ome

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// These tests decode the captured appliance responses in
// ../shared/fixtures/ome-captured and check that re-encoding the typed
// values gives back every field the types carry.

// readFixture reads one captured response, or skips.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	return readShared(t, filepath.Join("fixtures", "ome-captured", name))
}

// toGeneric round-trips v through JSON into maps and slices.
func toGeneric(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}

	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return out
}

// shared projects orig onto the keys typed has, recursively, and lists the
// typed keys the original lacks.
func shared(orig, typed any, path string, missing *[]string) any {
	switch tv := typed.(type) {
	case map[string]any:
		om, ok := orig.(map[string]any)
		if !ok {
			return orig
		}
		out := map[string]any{}
		for k, v := range tv {
			ov, ok := om[k]
			if !ok {
				*missing = append(*missing, path+"."+k)
				continue
			}
			out[k] = shared(ov, v, path+"."+k, missing)
		}
		return out
	case []any:
		os, ok := orig.([]any)
		if !ok || len(os) != len(tv) {
			return orig
		}
		out := make([]any, len(os))
		for i := range os {
			out[i] = shared(os[i], tv[i], fmt.Sprintf("%s[%d]", path, i), missing)
		}
		return out
	}
	return orig
}

// extraKeys lists, recursively, the keys of orig that typed lacks.
func extraKeys(orig, typed any, path string, out *[]string) {
	switch ov := orig.(type) {
	case map[string]any:
		tm, _ := typed.(map[string]any)
		for k, v := range ov {
			tv, ok := tm[k]
			if !ok {
				*out = append(*out, path+"."+k)
				continue
			}
			extraKeys(v, tv, path+"."+k, out)
		}
	case []any:
		ts, _ := typed.([]any)
		for i := range min(len(ov), len(ts)) {
			extraKeys(ov[i], ts[i], fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// dropMissing removes the typed keys the original lacks.
func dropMissing(typed any, orig any) any {
	tm, ok := typed.(map[string]any)
	om, ok2 := orig.(map[string]any)
	if ok && ok2 {
		out := map[string]any{}
		for k, v := range tm {
			if ov, ok := om[k]; ok {
				out[k] = dropMissing(v, ov)
			}
		}
		return out
	}

	ts, ok := typed.([]any)
	os, ok2 := orig.([]any)
	if ok && ok2 && len(ts) == len(os) {
		out := make([]any, len(ts))
		for i := range ts {
			out[i] = dropMissing(ts[i], os[i])
		}
		return out
	}
	return typed
}

// compareTyped fails when the typed value re-encodes any shared field
// differently, or has fields the capture lacks (other than allowed).
func compareTyped(t *testing.T, name string, orig json.RawMessage, typed any, allowMissing ...string) {
	t.Helper()
	var o any
	if err := json.Unmarshal(orig, &o); err != nil {
		t.Fatalf("%s: %v", name, err)
	}

	g := toGeneric(t, typed)
	var missing []string
	want := shared(o, g, name, &missing)
	if diff := cmp.Diff(want, dropMissing(g, o)); diff != "" {
		t.Errorf("%s: re-encoded typed value differs (-want +got):\n%s", name, diff)
	}

	missing = withoutAllowed(missing, allowMissing)
	if len(missing) > 0 {
		t.Errorf("%s: typed fields absent from the capture: %v", name, missing)
	}
}

// withoutAllowed drops paths whose last element is allowed.
func withoutAllowed(paths, allowed []string) []string {
	var out []string
	for _, p := range paths {
		keep := true
		for _, a := range allowed {
			if len(p) >= len(a) && p[len(p)-len(a):] == a {
				keep = false
			}
		}
		if keep {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func TestFixtureDevices(t *testing.T) {
	t.Parallel()
	raw := readFixture(t, "responseGetAllDevices.json")
	var orig struct {
		Value []json.RawMessage `json:"value"`
	}
	var typed page[Device]
	if err := json.Unmarshal(raw, &orig); err != nil {
		t.Fatalf("decode raw: %v", err)
	}

	if err := json.Unmarshal(raw, &typed); err != nil {
		t.Fatalf("decode typed: %v", err)
	}

	for i, d := range typed.items() {
		name := fmt.Sprintf("device %d", d.ID)
		compareTyped(t, name, orig.Value[i], d)
		var o any
		_ = json.Unmarshal(orig.Value[i], &o)
		var untyped []string
		extraKeys(o, toGeneric(t, d), name, &untyped)
		if sort.Strings(untyped); len(untyped) > 0 {
			t.Errorf("%s: captured fields the Device type drops: %v", name, untyped)
		}
	}

	checkFixtureDeviceHelpers(t, typed.items())
}

// checkFixtureDeviceHelpers checks the helpers on the captured quirks:
// duplicate iDRAC profiles and IPv6-only management.
func checkFixtureDeviceHelpers(t *testing.T, devices []Device) {
	t.Helper()
	var got []string
	for _, d := range devices {
		ip := addrString(d.ManagementIP())
		if ip == "" {
			ip = "no-ip"
		}
		v, _ := d.IDRACVersion()
		got = append(got, fmt.Sprintf("%d %s %s %s", d.ID, d.Type, ip, v))
	}

	// 123458 and 123460 have only link-local (fe80::) management addresses.
	want := []string{
		"123450 Server 192.35.0.1 7.00.00.00",
		"123456 Server 1.2.3.4 6.10.80.00",
		"123458 Server no-ip 6.10.80.00",
		"123459 Server 192.39.0.5 7.00.00.00",
		"123460 Server no-ip 2.84.84.84",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("helpers (-want +got):\n%s", diff)
	}

	ts := devices[0].LastInventoryTime
	if !ts.Time.Equal(time.Date(2023, 7, 2, 18, 30, 20, 810e6, time.UTC)) {
		t.Errorf("LastInventoryTime = %v", ts)
	}
}

func TestFixtureInventory(t *testing.T) {
	t.Parallel()
	raw := readFixture(t, "responseGetAllDeviceInventory.json")
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(13528)/InventoryDetails",
		httpmock.NewBytesResponder(http.StatusOK, raw).HeaderSet(http.Header{"Content-Type": {"application/json"}}))

	inv, err := c.Inventory.Get(t.Context(), 13528)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}

	typed := map[InventoryType]any{
		InventoryProcessors: inv.Processors, InventoryMemory: inv.Memory, InventorySoftware: inv.Software,
		InventoryNetworkInterfaces: inv.NetworkInterfaces, InventoryOperatingSystems: inv.OperatingSystems,
		InventoryPowerSupplies: inv.PowerSupplies, InventoryArrayDisks: inv.ArrayDisks,
	}
	for typ, v := range typed {
		compareTyped(t, string(typ), inv.Raw[typ], v)
	}

	if len(inv.Raw) != 20 {
		t.Errorf("raw sections = %d, want all 20", len(inv.Raw))
	}

	checkFixtureInventoryHelpers(t, inv)
}

// checkFixtureInventoryHelpers checks the values issue 2 names for the capture.
func checkFixtureInventoryHelpers(t *testing.T, inv *Inventory) {
	t.Helper()
	bios, _ := inv.BIOSVersion()
	idrac, _ := inv.IDRACVersion()
	mb, err := TotalMemoryMB(inv.Memory)
	if err != nil {
		t.Fatalf("TotalMemoryMB: %v", err)
	}

	got := []any{bios, idrac, len(inv.Processors), mb / 1024}
	want := []any{"2.18.1", "6.10.80.00", 2, int64(480)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BIOS, iDRAC, CPUs, GB (-want +got):\n%s", diff)
	}
}

func TestFixtureSingleInventoryType(t *testing.T) {
	t.Parallel()
	raw := readFixture(t, "responseGetSingleDeviceInventory.json")
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet,
		testBase+"/api/DeviceService/Devices(13528)/InventoryDetails('serverDeviceCards')",
		httpmock.NewBytesResponder(http.StatusOK, raw).HeaderSet(http.Header{"Content-Type": {"application/json"}}))

	inv, err := c.Inventory.Get(t.Context(), 13528, "serverDeviceCards")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}

	var orig inventorySection
	if err := json.Unmarshal(raw, &orig); err != nil {
		t.Fatalf("decode: %v", err)
	}

	if diff := cmp.Diff(toGeneric(t, orig.InventoryInfo), toGeneric(t, inv.Raw["serverDeviceCards"])); diff != "" {
		t.Errorf("raw section (-want +got):\n%s", diff)
	}
}

func TestFixtureSessionConfiguration(t *testing.T) {
	t.Parallel()
	raw := readFixture(t, "responseGetNetworkSession.json")
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/SessionService/SessionConfiguration",
		httpmock.NewBytesResponder(http.StatusOK, raw).HeaderSet(http.Header{"Content-Type": {"application/json"}}))

	cfgs, err := c.SessionConfigurations(t.Context())
	if err != nil {
		t.Fatalf("SessionConfigurations: %v", err)
	}

	var orig struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &orig); err != nil {
		t.Fatalf("decode: %v", err)
	}

	for i, cfg := range cfgs {
		compareTyped(t, cfg.SessionType, orig.Value[i], cfg)
	}

	if cfgs[1].SessionType != "API" || cfgs[1].IdleTimeout() != 30*time.Minute || cfgs[2].IdleTimeout() != 0 {
		t.Errorf("API idle timeout = %v", cfgs[1].IdleTimeout())
	}
}
