package ome

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMemorySize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		want  MemorySize
		round string
	}{
		{`32768`, MemorySize{MB: 32768}, `32768`},
		{`0`, MemorySize{}, `0`},
		{`16384.0`, MemorySize{MB: 16384}, `16384`},
		{`null`, MemorySize{Invalid: "null"}, `"null"`},
		{`"16 GB"`, MemorySize{MB: 16384}, `16384`},
		{`"16384 MB"`, MemorySize{MB: 16384}, `16384`},
		{`"1 TB"`, MemorySize{MB: 1048576}, `1048576`},
		{`"12GiB"`, MemorySize{MB: 12288}, `12288`},
		{`"0.5 GB"`, MemorySize{MB: 512}, `512`},
		{`"16384"`, MemorySize{Invalid: "16384"}, `"16384"`},
		{`"16 KB"`, MemorySize{Invalid: "16 KB"}, `"16 KB"`},
		{`"Unknown"`, MemorySize{Invalid: "Unknown"}, `"Unknown"`},
		{`-1`, MemorySize{Invalid: "-1"}, `"-1"`},
		{`1.5`, MemorySize{Invalid: "1.5"}, `"1.5"`},
		{`true`, MemorySize{Invalid: "true"}, `"true"`},
	}
	for _, tt := range tests {
		var got MemorySize
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}

		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.in, diff)
		}

		if out, err := json.Marshal(got); err != nil || string(out) != tt.round {
			t.Errorf("%s re-encoded as %s, %v; want %s", tt.in, out, err, tt.round)
		}
	}
}

// dimms builds memory entries from sizes given as JSON values.
func dimms(t *testing.T, sizes ...string) []MemoryDevice {
	t.Helper()
	var out []MemoryDevice
	for i, s := range sizes {
		var m MemoryDevice
		doc := `{"Name":"DIMM.Socket.A` + string(rune('1'+i)) + `"`
		if s != "" { // "" leaves the Size key out
			doc += `,"Size":` + s
		}
		doc += `}`
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		out = append(out, m)
	}
	return out
}

// TestTotalMemory is case B21 with its variants.
func TestTotalMemory(t *testing.T) {
	t.Parallel()
	sixteen := strings.Split(strings.Repeat("131072,", 16), ",")[:16]
	tests := []struct {
		name    string
		sizes   []string
		wantMB  int64
		wantErr string
	}{
		{"B21 main", []string{"16384", "16384", "32768"}, 65536, ""},
		{"B21 large modules", sixteen, 2048 * 1024, ""},
		{"B21 string with unit", []string{`"16 GB"`, `"16384 MB"`}, 32768, ""},
		{"B21 non power of two", []string{"12288", "12288", "12288"}, 36 * 1024, ""},
		{"B21 zero size entry", []string{"16384", "0"}, 16384, ""},
		{"unreadable size names the DIMM", []string{"16384", `"16"`}, 0, "DIMM.Socket.A2"},
		{"null size is unknown, not 0", []string{"16384", "null"}, 0, `DIMM.Socket.A2: size "null"`},
		{"missing size is unknown, not 0", []string{"16384", ""}, 0, `DIMM.Socket.A2: size "missing"`},
		{"sum beyond int64", []string{"9223372036854775807", "1"}, 0, "overflows"},
		{"sum of many beyond int64", []string{"9000000000000000000", "9000000000000000000"}, 0,
			"DIMM.Socket.A2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := TotalMemoryMB(dimms(t, tt.sizes...))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}

			if err != nil || got != tt.wantMB {
				t.Errorf("TotalMemoryMB = %d, %v; want %d", got, err, tt.wantMB)
			}
		})
	}
}

// TestTotalMemoryWithoutDIMMs: no DIMMs is an unknown total, never 0 MB.
func TestTotalMemoryWithoutDIMMs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mem  []MemoryDevice
		want string
	}{
		{"absent section", nil, "the memory section is absent"},
		{"empty section", []MemoryDevice{}, "the memory section lists no DIMMs"},
	}
	for _, tt := range tests {
		mb, err := TotalMemoryMB(tt.mem)
		if !errors.Is(err, ErrNoMemory) || mb != 0 {
			t.Fatalf("%s: TotalMemoryMB = %d, %v; want ErrNoMemory", tt.name, mb, err)
		}

		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q lacks %q", tt.name, err, tt.want)
		}
	}
}

func TestTotalMemoryNamesANegativeSize(t *testing.T) {
	t.Parallel()
	mem := []MemoryDevice{{Name: "DIMM.Socket.B1", Size: MemorySize{MB: -8192}}}

	_, err := TotalMemoryMB(mem)
	if err == nil || !strings.Contains(err.Error(), "DIMM.Socket.B1: size -8192 MB is negative") {
		t.Fatalf("error = %v, want one naming the DIMM and its size", err)
	}
}

func TestInstalledVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		rows      string
		wantBIOS  string
		wantIDRAC string
	}{
		{"installed row beats previous", `[
			{"Version":"2.16.1","Status":"Available","SoftwareType":"BIOS",
			 "InstanceId":"DCIM:PREVIOUS#741__BIOS.Setup.1-1"},
			{"Version":"2.18.1","Status":"Installed","SoftwareType":"BIOS",
			 "InstanceId":"DCIM:INSTALLED#741__BIOS.Setup.1-1"},
			{"Version":"6.10.80.00","Status":"Installed","SoftwareType":"FRMW",
			 "InstanceId":"DCIM:INSTALLED#iDRAC.Embedded.1-1#IDRACinfo"},
			{"Version":"6.10.80.00","Status":"Installed","SoftwareType":"APAC",
			 "InstanceId":"DCIM:INSTALLED#802__USC.Embedded.1:LC.Embedded.1"}]`,
			"2.18.1", "6.10.80.00"},
		{"prefix alone marks installed", `[
			{"Version":"1.12.1","Status":"Available",
			 "InstanceId":"DCIM:CURRENT#741__BIOS.Setup.1-1"},
			{"Version":"1.13.2",
			 "InstanceId":"DCIM:INSTALLED#741__BIOS.Setup.1-1"}]`, "1.13.2", ""},
		{"B10 rows without markers", `[
			{"DeviceDescription":"BIOS","Version":"1.10.2","SoftwareType":"BIOS"},
			{"DeviceDescription":"Integrated Dell Remote Access Controller","Version":"7.00.00.171",
			 "SoftwareType":"FRMW"}]`,
			"1.10.2", "7.00.00.171"},
		{"only available rows", `[
			{"Version":"2.16.1","Status":"Available","SoftwareType":"BIOS",
			 "InstanceId":"DCIM:PREVIOUS#741__BIOS.Setup.1-1"}]`,
			"", ""},
		{"none", `[]`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := &Inventory{}
			if err := json.Unmarshal([]byte(tt.rows), &inv.Software); err != nil {
				t.Fatalf("decode: %v", err)
			}

			bios, _ := inv.BIOSVersion()
			idrac, _ := inv.IDRACVersion()
			if diff := cmp.Diff([]string{tt.wantBIOS, tt.wantIDRAC}, []string{bios, idrac}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
