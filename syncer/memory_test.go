package syncer

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// TestMapLeavesOutUnknownMemory leaves memory_gb out and names the DIMM in
// a KindBadData problem when a size cannot be read or the sizes add up to
// no size.
func TestMapLeavesOutUnknownMemory(t *testing.T) {
	t.Parallel()
	size := func(mb int64) ome.MemorySize { return ome.MemorySize{MB: mb} }
	tests := []struct {
		name  string
		dimms []ome.MemoryDevice
		names string // in the problem's reason
	}{
		{"text with an unknown unit named by Name",
			[]ome.MemoryDevice{{Name: "DIMM.A1", Size: size(16384)},
				{Name: "DIMM.A2", Size: ome.MemorySize{Invalid: "16 GiB?"}}}, "DIMM.A2"},
		{"unreadable size named by InstanceId",
			[]ome.MemoryDevice{{InstanceID: "DIMM.Socket.B1", Size: ome.MemorySize{Invalid: "null"}}},
			"DIMM.Socket.B1"},
		{"negative size named by description",
			[]ome.MemoryDevice{{DeviceDescription: "DIMM C1", Size: size(-1)}}, "DIMM C1"},
		{"sizes past the largest int64",
			[]ome.MemoryDevice{{Name: "DIMM.D1", Size: size(math.MaxInt64/2 + 1)},
				{Name: "DIMM.D2", Size: size(math.MaxInt64/2 + 1)}}, "DIMM.D2"},
		{"sizes that would wrap around to 0",
			[]ome.MemoryDevice{{Name: "DIMM.E1", Size: size(math.MaxInt64)},
				{Name: "DIMM.E2", Size: size(math.MaxInt64)}, {Name: "DIMM.E3", Size: size(2)}},
			"DIMM.E2"},
		{"null size as OME sends it", decodeDIMMs(t, `[{"Name": "DIMM.F1", "Size": 16384},
			{"Name": "DIMM.F2", "Size": null}]`), "DIMM.F2"},
		{"no size as OME sends it", decodeDIMMs(t, `[{"Name": "DIMM.G1"}]`), "DIMM.G1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv := fullInventory(2)
			inv.Memory = tc.dimms
			d := ome.Device{ID: 2102, DeviceName: "esx2102", DeviceServiceTag: "TST2102"}

			rec, problems := Map(&d, inv)
			if rec.MemoryGB != nil {
				t.Errorf("memory_gb = %d, want it left out", *rec.MemoryGB)
			}

			if diff := cmp.Diff([]ProblemKind{KindBadData}, kindsOf(problems)); diff != "" {
				t.Fatalf("problem kinds (-want +got):\n%s", diff)
			}

			p := problems[0]
			if !strings.Contains(p.Reason, tc.names) || !strings.Contains(p.Reason, "memory_gb left out") ||
				p.Err == nil || p.DeviceID != 2102 {
				t.Errorf("problem %v (err %v) does not name %q and say memory_gb is left out",
					p, p.Err, tc.names)
			}
		})
	}
}

// decodeDIMMs reads a serverMemoryDevices section.
func decodeDIMMs(t *testing.T, section string) []ome.MemoryDevice {
	t.Helper()
	var dimms []ome.MemoryDevice
	if err := json.Unmarshal([]byte(section), &dimms); err != nil {
		t.Fatalf("decode DIMMs: %v", err)
	}

	return dimms
}

// TestMapRoundsLargeMemory rounds the largest total without overflow.
func TestMapRoundsLargeMemory(t *testing.T) {
	t.Parallel()
	gb, err := memoryGB([]ome.MemoryDevice{{Size: ome.MemorySize{MB: math.MaxInt64}}})
	if want := math.MaxInt64/1024 + 1; err != nil || gb == nil || *gb != want {
		t.Errorf("memoryGB = %v, %v; want %d", gb, err, want)
	}
}
