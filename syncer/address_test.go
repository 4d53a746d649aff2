package syncer

import (
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func TestMapIdentityAndAddresses(t *testing.T) {
	t.Parallel()
	named := func(id int64, name string, m ...ome.DeviceManagement) ome.Device {
		return ome.Device{ID: id, DeviceServiceTag: "ABC1234", DeviceName: name, DeviceManagement: m}
	}
	host := func(inst, dns string) ome.DeviceManagement {
		return ome.DeviceManagement{InstrumentationName: inst, DNSName: dns}
	}
	rec := func(id string, h, ip *string) dsm.Record {
		return dsm.Record{DeviceID: id, ServiceTag: "ABC1234", Hostname: h, IPAddress: ip}
	}
	runMapCases(t, []mapCase{
		{name: "tag never from Identifier or ChassisServiceTag",
			dev:  ome.Device{ID: 1, Identifier: "ABC1234", ChassisServiceTag: "CHS0001"},
			want: dsm.Record{DeviceID: "1"}},
		{name: "empty model is absent", dev: ome.Device{ID: 2, DeviceServiceTag: "ABC1234", Model: "  "},
			want: dsm.Record{DeviceID: "2", ServiceTag: "ABC1234"}},
		{name: "empty name falls back to the instrumentation name",
			dev:  named(3, "", host("", "idrac-abc1234"), host("esx3.example.com", "")),
			want: rec("3", ptr("esx3.example.com"), nil)},
		{name: "localhost falls back to the dns name",
			dev:  named(4, "localhost", host("127.0.0.1", "idrac-ABC1234")),
			want: rec("4", ptr("idrac-ABC1234"), nil)},
		{name: "localhost with a domain is not a name",
			dev:  named(5, "localhost.localdomain", host("[2001:db8::5]", "")),
			want: rec("5", nil, nil)},
		{name: "ipv6 literal name is not a name", dev: named(6, "[2001:db8::6]"),
			want: rec("6", nil, nil)},
		{name: "unusable addresses are skipped",
			dev: named(7, "esx7", mgmt("[::]"), mgmt("::"), mgmt("0.0.0.0"), mgmt(""),
				mgmt("not-an-ip"), mgmt("127.0.0.1"), mgmt("fe80::1"), mgmt("192.0.2.7")),
			want: rec("7", ptr("esx7"), ptr("192.0.2.7"))},
		{name: "first usable ipv6 without brackets", dev: named(8, "esx8", mgmt("[::]"),
			mgmt("[2001:DB8::8]"), mgmt("2001:db8::9")),
			want: rec("8", ptr("esx8"), ptr("2001:db8::8"))},
		{name: "ipv4-mapped ipv6 reads as ipv4", dev: named(9, "esx9", mgmt("::ffff:192.0.2.9")),
			want: rec("9", ptr("esx9"), ptr("192.0.2.9"))},
		{name: "spaces around values", dev: named(10, " esx10 ", mgmt(" 192.0.2.10 ")),
			want: rec("10", ptr("esx10"), ptr("192.0.2.10"))},
	})
}

// TestMapManagementAddressRules sends the first usable IPv4 address, else
// the first usable IPv6 address, in canonical form; link-local, zoned and
// broadcast addresses are not usable.
func TestMapManagementAddressRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		addrs []string
		want  *string
	}{
		{"link-local ipv6 with a zone", []string{"fe80::1%eth0"}, nil},
		{"bracketed link-local ipv6 with an escaped zone", []string{"[fe80::1%25eth0]"}, nil},
		{"link-local ipv6", []string{"[fe80::1]", "FE80::2"}, nil},
		{"global ipv6 with a zone", []string{"2001:db8::1%eth0"}, nil},
		{"link-local ipv4 loses to global ipv6", []string{"169.254.0.2", "2001:db8::5"},
			ptr("2001:db8::5")},
		{"mapped link-local ipv4", []string{"::ffff:169.254.1.1"}, nil},
		{"broadcast", []string{"255.255.255.255"}, nil},
		{"multicast", []string{"224.0.0.1", "ff02::1"}, nil},
		{"ipv6 sent lower-case", []string{"2001:DB8::6"}, ptr("2001:db8::6")},
		{"ipv6 sent compressed", []string{"[2001:0db8:0:0:0:0:0:0007]"}, ptr("2001:db8::7")},
		{"ipv4 preferred though listed later", []string{"2001:db8::9", "169.254.9.9", "192.0.2.9"},
			ptr("192.0.2.9")},
		{"first usable ipv6", []string{"fe80::a", "2001:db8::a", "2001:db8::b"}, ptr("2001:db8::a")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := ome.Device{ID: 12, DeviceServiceTag: "ABC1234", DeviceName: "esx12"}
			for _, a := range tc.addrs {
				d.DeviceManagement = append(d.DeviceManagement, mgmt(a))
			}

			rec, _ := Map(&d, nil)
			if diff := cmp.Diff(tc.want, rec.IPAddress); diff != "" {
				t.Errorf("ip_address of %q (-want +got):\n%s", tc.addrs, diff)
			}
		})
	}
}

// TestMapEmptySectionsAreAbsent checks that no field is sent as 0 or "".
func TestMapEmptySectionsAreAbsent(t *testing.T) {
	t.Parallel()
	inv := fullInventory(0)
	inv.Software = []ome.Software{{SoftwareType: "BIOS", Status: "Installed", Version: "  "}}
	d := ome.Device{ID: 11, DeviceServiceTag: "ABC1234",
		DeviceManagement: []ome.DeviceManagement{{ManagementProfile: []ome.ManagementProfile{
			{AgentName: "iDRAC", Version: ""}}}}}
	runMapCases(t, []mapCase{{name: "all empty", dev: d, inv: inv,
		want:  dsm.Record{DeviceID: "11", ServiceTag: "ABC1234"},
		kinds: []ProblemKind{KindInventoryIncomplete}}})
}
