package syncer

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

// at is an OME timestamp for tests.
func at(s string) *ome.Timestamp {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}

	return &ome.Timestamp{Time: t, Raw: s}
}

// mgmt is a management entry with an address.
func mgmt(addr string) ome.DeviceManagement {
	return ome.DeviceManagement{NetworkAddress: addr, ManagementType: 2}
}

// fullInventory has one section of each mapped kind.
func fullInventory(cpus int, dimmMB ...int64) *ome.Inventory {
	inv := &ome.Inventory{Raw: map[ome.InventoryType]json.RawMessage{
		ome.InventoryProcessors: json.RawMessage(`[]`),
		ome.InventoryMemory:     json.RawMessage(`[]`),
		ome.InventorySoftware:   json.RawMessage(`[]`),
	}}
	for i := range cpus {
		inv.Processors = append(inv.Processors, ome.Processor{ID: int64(i + 1)})
	}

	for i, mb := range dimmMB {
		inv.Memory = append(inv.Memory, ome.MemoryDevice{ID: int64(i + 1), Size: ome.MemorySize{MB: mb}})
	}

	inv.Software = []ome.Software{{SoftwareType: "BIOS", Status: "Installed",
		InstanceID: "DCIM:INSTALLED#741__BIOS.Setup.1-1", Version: "2.1.0"}}

	return inv
}

type mapCase struct {
	name  string
	dev   ome.Device
	inv   *ome.Inventory
	want  dsm.Record
	kinds []ProblemKind
}

func runMapCases(t *testing.T, cases []mapCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, problems := Map(&tc.dev, tc.inv)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Map record (-want +got):\n%s", diff)
			}

			for _, p := range problems {
				if p.DeviceID != tc.dev.ID || p.Reason == "" {
					t.Errorf("problem %+v does not name device %d with a reason", p, tc.dev.ID)
				}
			}

			if diff := cmp.Diff(tc.kinds, kindsOf(problems)); diff != "" {
				t.Errorf("problem kinds (-want +got):\n%s", diff)
			}
		})
	}
}

// kindsOf lists the problems' kinds in order.
func kindsOf(problems []Problem) []ProblemKind {
	var kinds []ProblemKind
	for _, p := range problems {
		kinds = append(kinds, p.Kind)
	}

	return kinds
}

// TestMapB10 follows case B10: missing, empty and pending inventory map
// to absent fields, never 0 or "".
func TestMapB10(t *testing.T) {
	t.Parallel()
	inv1001 := &ome.Inventory{
		Raw: map[ome.InventoryType]json.RawMessage{
			ome.InventoryProcessors: json.RawMessage(`[{}]`),
			ome.InventoryMemory:     json.RawMessage(`[{}]`),
			ome.InventorySoftware:   json.RawMessage(`[{}]`),
		},
		Processors: []ome.Processor{{ID: 1, SlotNumber: "CPU.Socket.1", NumberOfCores: 16},
			{ID: 2, SlotNumber: "CPU.Socket.2", NumberOfCores: 16}},
		Memory: []ome.MemoryDevice{{Name: "DIMM.Socket.A1", Size: ome.MemorySize{MB: 16384}},
			{Name: "DIMM.Socket.A2", Size: ome.MemorySize{MB: 16384}},
			{Name: "DIMM.Socket.B1", Size: ome.MemorySize{MB: 16384}},
			{Name: "DIMM.Socket.B2", Size: ome.MemorySize{MB: 16384}}},
		Software: []ome.Software{
			{DeviceDescription: "BIOS", Version: "1.10.2", SoftwareType: "BIOS"},
			{DeviceDescription: "Integrated Dell Remote Access Controller",
				Version: "7.00.00.171", SoftwareType: "FRMW"}},
	}
	inv1002 := &ome.Inventory{
		Raw: map[ome.InventoryType]json.RawMessage{
			ome.InventoryMemory:   json.RawMessage(`[]`),
			ome.InventorySoftware: json.RawMessage(`[{}]`),
		},
		Software: []ome.Software{{DeviceDescription: "BIOS", Version: "2.19.1", SoftwareType: "BIOS"}},
	}
	runMapCases(t, []mapCase{
		{name: "1001 full", dev: ome.Device{ID: 1001, Type: 1000, DeviceServiceTag: "TST1001"},
			inv: inv1001,
			want: dsm.Record{DeviceID: "1001", ServiceTag: "TST1001", CPUCount: ptr(2),
				MemoryGB: ptr(64), BIOSVersion: ptr("1.10.2"), IDRACFirmware: ptr("7.00.00.171")}},
		{name: "1002 no processors, empty memory",
			dev: ome.Device{ID: 1002, Type: 1000, DeviceServiceTag: "TST1002"}, inv: inv1002,
			want:  dsm.Record{DeviceID: "1002", ServiceTag: "TST1002", BIOSVersion: ptr("2.19.1")},
			kinds: []ProblemKind{KindInventoryIncomplete}},
		{name: "1004 never inventoried",
			dev:   ome.Device{ID: 1004, Type: 1000, DeviceServiceTag: "TST1004"},
			inv:   &ome.Inventory{DeviceID: 1004},
			want:  dsm.Record{DeviceID: "1004", ServiceTag: "TST1004"},
			kinds: []ProblemKind{KindInventoryPending}},
		{name: "inventory unavailable",
			dev:  ome.Device{ID: 1005, DeviceServiceTag: "TST1005", Model: " PowerEdge R650 "},
			want: dsm.Record{DeviceID: "1005", ServiceTag: "TST1005", Model: ptr("PowerEdge R650")}},
	})
}

// TestMapB12 follows case B12: management entry shapes and the hostname.
func TestMapB12(t *testing.T) {
	t.Parallel()
	dev := func(id int64, name string, m ...ome.DeviceManagement) ome.Device {
		return ome.Device{ID: id, Type: 1000, DeviceServiceTag: "TST" + name[3:7],
			DeviceName: name, DeviceManagement: m}
	}
	with := func(addr, dns string) ome.DeviceManagement {
		m := mgmt(addr)
		m.DNSName = dns
		return m
	}
	runMapCases(t, []mapCase{
		{name: "ipv4 only", dev: dev(1201, "esx1201.example.com",
			with("192.0.2.121", "idrac-1201.example.com")),
			want: dsm.Record{DeviceID: "1201", ServiceTag: "TST1201",
				Hostname: ptr("esx1201.example.com"), IPAddress: ptr("192.0.2.121")}},
		{name: "bracketed ipv6 then ipv4", dev: dev(1202, "esx1202.example.com",
			with("[2001:db8::122]", ""), with("192.0.2.122", "idrac-1202.example.com")),
			want: dsm.Record{DeviceID: "1202", ServiceTag: "TST1202",
				Hostname: ptr("esx1202.example.com"), IPAddress: ptr("192.0.2.122")}},
		{name: "bracketed ipv6 only", dev: dev(1203, "esx1203.example.com",
			with("[2001:db8::123]", "")),
			want: dsm.Record{DeviceID: "1203", ServiceTag: "TST1203",
				Hostname: ptr("esx1203.example.com"), IPAddress: ptr("2001:db8::123")}},
		{name: "no entries", dev: dev(1204, "esx1204.example.com"),
			want: dsm.Record{DeviceID: "1204", ServiceTag: "TST1204",
				Hostname: ptr("esx1204.example.com")}},
		{name: "device name is the ip", dev: ome.Device{ID: 1205, DeviceServiceTag: "TST1205",
			DeviceName: "192.0.2.125", DeviceManagement: []ome.DeviceManagement{with("192.0.2.125", "")}},
			want: dsm.Record{DeviceID: "1205", ServiceTag: "TST1205", IPAddress: ptr("192.0.2.125")}},
	})
}

// TestMapB17 follows case B17: tags are trimmed of Unicode white space
// and upper-cased.
func TestMapB17(t *testing.T) {
	t.Parallel()
	runMapCases(t, []mapCase{
		{name: "lower case and trailing space", dev: ome.Device{ID: 1701, DeviceServiceTag: "tst1701 "},
			want: dsm.Record{DeviceID: "1701", ServiceTag: "TST1701"}},
		{name: "leading tab", dev: ome.Device{ID: 1702, DeviceServiceTag: "\tTST1702"},
			want: dsm.Record{DeviceID: "1702", ServiceTag: "TST1702"}},
		{name: "no-break and ideographic spaces",
			dev:  ome.Device{ID: 1703, DeviceServiceTag: "\u00a0tSt1703\u3000"},
			want: dsm.Record{DeviceID: "1703", ServiceTag: "TST1703"}},
	})
}

// TestMapB21 follows case B21: MB summed as integers, divided by 1024,
// rounded to the nearest GB with a half rounding up.
func TestMapB21(t *testing.T) {
	t.Parallel()
	rec := func(gb *int) dsm.Record {
		return dsm.Record{DeviceID: "2101", ServiceTag: "TST2101", CPUCount: ptr(2),
			MemoryGB: gb, BIOSVersion: ptr("2.1.0")}
	}
	dev := ome.Device{ID: 2101, DeviceServiceTag: "TST2101"}
	sixteen := make([]int64, 16)
	for i := range sixteen {
		sixteen[i] = 131072
	}

	unparsable := fullInventory(2, 16384)
	unparsable.Memory = append(unparsable.Memory, ome.MemoryDevice{
		Name: "DIMM.Socket.A2", Size: ome.MemorySize{Invalid: "16 GiB?"}})
	runMapCases(t, []mapCase{
		{name: "main", dev: dev, inv: fullInventory(2, 16384, 16384, 32768), want: rec(ptr(64))},
		{name: "large modules", dev: dev, inv: fullInventory(2, sixteen...), want: rec(ptr(2048))},
		{name: "non power of two", dev: dev, inv: fullInventory(2, 12288, 12288, 12288),
			want: rec(ptr(36))},
		{name: "zero size entry", dev: dev, inv: fullInventory(2, 16384, 0), want: rec(ptr(16))},
		{name: "half rounds up", dev: dev, inv: fullInventory(2, 1536), want: rec(ptr(2))},
		{name: "below half rounds down", dev: dev, inv: fullInventory(2, 1535), want: rec(ptr(1))},
		{name: "rounds to zero is absent", dev: dev, inv: fullInventory(2, 256), want: rec(nil)},
		{name: "no entries", dev: dev, inv: fullInventory(2), want: rec(nil),
			kinds: []ProblemKind{KindInventoryIncomplete}},
		{name: "unparsable size", dev: dev, inv: unparsable, want: rec(nil),
			kinds: []ProblemKind{KindBadData}},
	})
}
