package ome

import (
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sampleDevice is an invented device in the appliance's shape, with nulls
// and unknown fields.
const sampleDevice = `{
 "@odata.type": "#DeviceService.Device", "@odata.id": "/api/DeviceService/Devices(25114)",
 "Id": 25114, "Type": 1000, "Identifier": "7QZ4K2M", "DeviceServiceTag": "7QZ4K2M",
 "ChassisServiceTag": null, "Model": "PowerEdge R650", "PowerState": 17, "ManagedState": 3000,
 "Status": 3000, "ConnectionState": true, "AssetTag": null, "SystemId": 2300,
 "DeviceName": "esx-a01.example.com", "LastInventoryTime": "2024-05-06 02:00:11.5",
 "LastStatusTime": null, "DeviceSubscription": null, "DeviceCapabilities": [1, 33, 208],
 "SlotConfiguration": {"ChassisName": null},
 "DeviceManagement": [{"ManagementId": 6021, "NetworkAddress": "[2001:db8::41]",
   "MacAddress": "b0:7b:25:aa:10:41", "ManagementType": 2, "InstrumentationName": "esx-a01",
   "DnsName": "idrac-7QZ4K2M", "ManagementProfile": [
     {"ManagementProfileId": 6023, "ProfileId": "", "ManagementId": 6021, "AgentName": "iDRAC",
      "Version": "7.00.60.00", "ManagementURL": "https://2001:db8::41:443", "HasCreds": 1,
      "Status": 1000, "StatusDateTime": "2024-05-06 08:58:40.022"},
     {"ManagementProfileId": 6020, "AgentName": "iDRAC", "Version": "6.10.80.00",
      "StatusDateTime": "2024-05-01 08:58:40.022"}]}],
 "Enabled": true, "Actions": null, "ConnectionStateReason": 101, "ChassisIp": "",
 "DiscoveryConfigurationJobInformation": [{"GroupId": "12", "CreatedBy": "admin", "DiscoveryJobName": "rack-A"}],
 "InventoryDetails@odata.navigationLink": "/api/DeviceService/Devices(25114)/InventoryDetails",
 "Temperature": {"@odata.id": "/api/DeviceService/Devices(25114)/Temperature"},
 "SomethingNew": [1, {"x": 2}]
}`

func TestDecodeDevice(t *testing.T) {
	t.Parallel()
	var d Device
	if err := json.Unmarshal([]byte(sampleDevice), &d); err != nil {
		t.Fatalf("decode: %v", err)
	}

	inv := time.Date(2024, 5, 6, 2, 0, 11, 500_000_000, time.UTC)
	got := []any{d.ID, d.Type.String(), d.Status.String(), d.PowerState.String(), d.ManagedState.String(),
		d.AssetTag == nil, d.LastInventoryTime.Time, d.LastStatusTime == nil, *d.Enabled,
		*d.ConnectionStateReason, d.DeviceCapabilities.Has(33), d.DiscoveryConfigurationJobInformation[0].GroupID}
	want := []any{int64(25114), "Server", "Warning", "On", "Managed", true, inv, true, true, 101, true, "12"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	links := DeviceLinks{
		InventoryDetailsLink: "/api/DeviceService/Devices(25114)/InventoryDetails",
		Temperature:          &ODataLink{ODataID: "/api/DeviceService/Devices(25114)/Temperature"},
	}
	diff := cmp.Diff(links, d.DeviceLinks)
	if diff != "" || d.ODataType != "#DeviceService.Device" {
		t.Errorf("@odata.type %q, links (-want +got):\n%s", d.ODataType, diff)
	}

	p, ok := d.IDRACProfile()
	if !ok || p.Version != "7.00.60.00" {
		t.Errorf("IDRACProfile = %+v, %v; want the latest profile 7.00.60.00", p, ok)
	}
}

func TestEnumStringKeepsUnknownNumbers(t *testing.T) {
	t.Parallel()
	got := []string{DeviceType(1234).String(), TypeStorageIOM.String(), HealthStatus(7).String(),
		StatusNone.String(), PowerState(1).String(), PowerPoweringOff.String(), ManagedState(5000).String()}
	want := []string{"DeviceType(1234)", "StorageIOM", "HealthStatus(7)", "NoStatus", "PowerState(1)",
		"PoweringOff", "ManagedState(5000)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestTimestamp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		wantTime time.Time
		wantRaw  string
	}{
		{`"2023-07-02 18:30:20.810"`, time.Date(2023, 7, 2, 18, 30, 20, 810e6, time.UTC), "2023-07-02 18:30:20.810"},
		{`"2023-07-02 18:30:20.0"`, time.Date(2023, 7, 2, 18, 30, 20, 0, time.UTC), "2023-07-02 18:30:20.0"},
		{`"2023-07-02 18:30:20.84"`, time.Date(2023, 7, 2, 18, 30, 20, 840e6, time.UTC), "2023-07-02 18:30:20.84"},
		{`"2023-07-02 18:30:20"`, time.Date(2023, 7, 2, 18, 30, 20, 0, time.UTC), "2023-07-02 18:30:20"},
		{`"NA"`, time.Time{}, "NA"},
		{`"null"`, time.Time{}, "null"},
		{`""`, time.Time{}, ""},
		{`"Mon Nov 12 06:00:00 2018 UTC"`, time.Time{}, "Mon Nov 12 06:00:00 2018 UTC"},
	}
	for _, tt := range tests {
		var ts Timestamp
		if err := json.Unmarshal([]byte(tt.in), &ts); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}

		if !ts.Time.Equal(tt.wantTime) || ts.Raw != tt.wantRaw {
			t.Errorf("%s: got %v %q", tt.in, ts.Time, ts.Raw)
		}

		out, err := json.Marshal(ts)
		if want := tt.in; err != nil || (string(out) != want && tt.wantRaw != "") {
			t.Errorf("%s: re-encoded as %s, %v", tt.in, out, err)
		}
	}

	if err := json.Unmarshal([]byte(`12`), new(Timestamp)); err == nil {
		t.Errorf("a number should not decode as a timestamp")
	}

	out, _ := json.Marshal(Timestamp{Time: time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC)})
	if string(out) != `"2024-01-02 03:04:05.006"` {
		t.Errorf("built timestamp encodes as %s", out)
	}
}

func TestDeviceCapabilities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		want  DeviceCapabilities
		round string
	}{
		{"ints", `[1, 208, 16]`, DeviceCapabilities{{ID: 1}, {ID: 208}, {ID: 16}}, `[1,208,16]`},
		{"null", `null`, nil, `null`},
		{"empty", `[]`, DeviceCapabilities{}, `[]`},
		{"objects", `[{"CapabilityType":{"Name":"BIOS"},"Version":"2.18.1"},` +
			`{"CapabilityType":{"CapabilityId":8,"Name":"FW_UPDATE"}}]`,
			DeviceCapabilities{{Name: "BIOS", Version: "2.18.1"}, {ID: 8, Name: "FW_UPDATE"}},
			`[{"CapabilityType":{"CapabilityId":0,"Name":"BIOS"},"Version":"2.18.1"},` +
				`{"CapabilityType":{"CapabilityId":8,"Name":"FW_UPDATE"}}]`},
		{"mixed", `[5, {"Version": "x"}]`, DeviceCapabilities{{ID: 5}, {Version: "x"}},
			`[{"CapabilityType":{"CapabilityId":5,"Name":""}},` +
				`{"CapabilityType":{"CapabilityId":0,"Name":""},"Version":"x"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got DeviceCapabilities
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("decode: %v", err)
			}

			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}

			out, err := json.Marshal(got)
			if err != nil || string(out) != tt.round {
				t.Errorf("re-encoded as %s, %v; want %s", out, err, tt.round)
			}
		})
	}

	caps := DeviceCapabilities{{Name: "BIOS", Version: "2.18.1"}}
	if v, ok := caps.Version("bios"); !ok || v != "2.18.1" {
		t.Errorf("Version(bios) = %q, %v", v, ok)
	}

	if _, ok := caps.Version("iDRAC"); ok {
		t.Errorf("Version(iDRAC) found")
	}

	for _, bad := range []string{`{"a":1}`, `["x"]`, `[1.5]`, `[{"CapabilityType":5}]`} {
		if err := json.Unmarshal([]byte(bad), new(DeviceCapabilities)); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}

// TestManagementAddresses is case B12 plus the unusable forms.
func TestManagementAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		addrs    []string
		wantIP   string
		wantIPv6 string
	}{
		{"B12 IPv4 only", []string{"192.0.2.121"}, "192.0.2.121", ""},
		{"B12 bracketed IPv6 then IPv4", []string{"[2001:db8::122]", "192.0.2.122"}, "192.0.2.122", "2001:db8::122"},
		{"B12 bracketed IPv6 only", []string{"[2001:db8::123]"}, "2001:db8::123", "2001:db8::123"},
		{"B12 empty", nil, "", ""},
		{"unset forms skipped", []string{"[::]", "::", "0.0.0.0", "", "n/a", "198.51.100.7"}, "198.51.100.7", ""},
		{"mapped IPv4", []string{"::ffff:192.0.2.9"}, "192.0.2.9", ""},
		{"bare link-local IPv6 only", []string{"fe80::ffff:ffff:ffff:1111"}, "", ""},
		{"unreachable forms skipped", []string{"fe80::1", "169.254.10.1", "127.0.0.1", "::1",
			"224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "2001:db8::5%eth0",
			"[fe80::2%25eth0]", "2001:db8::6"}, "2001:db8::6", "2001:db8::6"},
		{"IPv4 after link-local IPv4", []string{"169.254.0.9", "192.0.2.9"}, "192.0.2.9", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var d Device
			for _, a := range tt.addrs {
				d.DeviceManagement = append(d.DeviceManagement, DeviceManagement{NetworkAddress: a})
			}

			got := []string{addrString(d.ManagementIP()), addrString(d.ManagementIPv6())}
			if diff := cmp.Diff([]string{tt.wantIP, tt.wantIPv6}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestManagementAddrIsUsableOrAbsent(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"fe80::1", "169.254.1.1", "127.0.0.1", "[::1]", "239.1.1.1",
		"255.255.255.255", "2001:db8::1%eth0", "::ffff:169.254.1.1"} {
		if a, ok := (DeviceManagement{NetworkAddress: in}).Addr(); ok {
			t.Errorf("Addr(%q) = %v, true; want false", in, a)
		}
	}
}

func TestUsableIP(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"192.0.2.1": true, "2001:db8::1": true, "10.0.0.1": true, "::ffff:192.0.2.1": true,
		"0.0.0.0": false, "::": false, "127.0.0.1": false, "::1": false, "224.0.0.251": false,
		"ff02::1": false, "169.254.1.1": false, "fe80::1": false, "febf::1": false,
		"255.255.255.255": false, "::ffff:255.255.255.255": false, "::ffff:127.0.0.1": false,
		"2001:db8::1%eth0": false, "fe80::1%2": false,
	}
	got := map[string]bool{}
	for in := range tests {
		got[in] = UsableIP(netip.MustParseAddr(in))
	}
	got["invalid"] = UsableIP(netip.Addr{})
	tests["invalid"] = false
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("UsableIP (-want +got):\n%s", diff)
	}
}

// addrString renders an address, "" when absent.
func addrString(a netip.Addr, ok bool) string {
	if !ok {
		return ""
	}
	return a.String()
}

func FuzzDecodeDevice(f *testing.F) {
	f.Add([]byte(sampleDevice))
	f.Add([]byte(`{"Id":1,"DeviceCapabilities":[{"CapabilityType":{"Name":"BIOS"},"Version":"1"}]}`))
	f.Add([]byte(`{"LastInventoryTime":"NA","DeviceManagement":[{"NetworkAddress":"[::]"}]}`))
	f.Add([]byte(`{"Type":null,"DeviceManagement":null,"SlotConfiguration":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Device
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}

		d.ManagementIP()
		d.IDRACProfile()
		_ = d.Type.String() + d.Status.String() + d.PowerState.String()
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}

		var again Device
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("decode of own output %s: %v", out, err)
		}
	})
}
