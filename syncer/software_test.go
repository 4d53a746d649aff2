package syncer

import (
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// softwareInventory is an inventory holding only these software rows.
func softwareInventory(rows ...ome.Software) *ome.Inventory {
	inv := fullInventory(1, 1024)
	inv.Software = rows

	return inv
}

func TestMapFirmwareVersions(t *testing.T) {
	t.Parallel()
	bios := func(status, id, v string) ome.Software {
		return ome.Software{SoftwareType: "BIOS", Status: status, InstanceID: id, Version: v}
	}
	idrac := func(status, id, v string) ome.Software {
		return ome.Software{SoftwareType: "FRMW", Status: status, InstanceID: id, Version: v,
			DeviceDescription: "Integrated Dell Remote Access Controller"}
	}
	profile := func(v, when string) ome.ManagementProfile {
		p := ome.ManagementProfile{AgentName: "iDRAC", Version: v}
		if when != "" {
			p.StatusDateTime = at(when)
		}

		return p
	}
	twoProfiles := []ome.DeviceManagement{
		{NetworkAddress: "192.0.2.9", ManagementProfile: []ome.ManagementProfile{
			profile("5.10.00.00", "2023-01-01 00:00:00"), profile("", "2025-01-01 00:00:00")}},
		{ManagementProfile: []ome.ManagementProfile{profile("6.10.80.00", "2024-05-06 08:58:40"),
			{AgentName: "OMSA", Version: "9.9", StatusDateTime: at("2026-01-01 00:00:00")}}},
	}
	base := func(b, i *string) dsm.Record {
		return dsm.Record{DeviceID: "7", ServiceTag: "TST0007", CPUCount: ptr(1), MemoryGB: ptr(1),
			BIOSVersion: b, IDRACFirmware: i}
	}
	dev := ome.Device{ID: 7, DeviceServiceTag: "TST0007"}
	withMgmt := dev
	withMgmt.DeviceManagement = twoProfiles
	withMgmt.DeviceManagement[0].NetworkAddress = ""
	withCaps := dev
	withCaps.DeviceCapabilities = ome.DeviceCapabilities{{ID: 1},
		{Name: "BIOS", Version: "2.10.0"}, {Name: "iDRAC", Version: "4.40.00.00"}}
	noInv := func(d ome.Device) dsm.Record {
		return dsm.Record{DeviceID: "7", ServiceTag: "TST0007",
			BIOSVersion: nil, IDRACFirmware: nil}
	}(dev)
	capsNoInv := noInv
	capsNoInv.BIOSVersion, capsNoInv.IDRACFirmware = ptr("2.10.0"), ptr("4.40.00.00")
	mgmtNoInv := noInv
	mgmtNoInv.IDRACFirmware = ptr("6.10.80.00")

	runMapCases(t, []mapCase{
		{name: "installed row wins over previous and current images", dev: dev,
			inv: softwareInventory(
				bios("Available", "DCIM:PREVIOUS#741__BIOS.Setup.1-1", "2.16.1"),
				bios("Installed", "DCIM:INSTALLED#741__BIOS.Setup.1-1", "2.18.1"),
				bios("Available", "DCIM:CURRENT#741__BIOS.Setup.1-1", "2.19.0"),
				idrac("Available", "DCIM:PREVIOUS#iDRAC.Embedded.1-1#IDRACinfo", "6.00.30.00"),
				idrac("Installed", "DCIM:INSTALLED#iDRAC.Embedded.1-1#IDRACinfo", "6.10.80.00"),
				ome.Software{SoftwareType: "APAC", Status: "Installed", Version: "6.10.80.00",
					InstanceID: "DCIM:INSTALLED#802__USC.Embedded.1:LC.Embedded.1"}),
			want: base(ptr("2.18.1"), ptr("6.10.80.00"))},
		{name: "only images gives nothing", dev: dev,
			inv:  softwareInventory(bios("Available", "DCIM:PREVIOUS#741__BIOS.Setup.1-1", "2.16.1")),
			want: base(nil, nil)},
		{name: "marked installed wins over unmarked", dev: dev,
			inv:  softwareInventory(bios("", "", "1.0.0"), bios("Installed", "", "1.2.0")),
			want: base(ptr("1.2.0"), nil)},
		{name: "lifecycle controller row is not the idrac", dev: dev,
			inv: softwareInventory(ome.Software{SoftwareType: "APAC", Status: "Installed",
				Version: "6.10.80.00", InstanceID: "DCIM:INSTALLED#802__USC.Embedded.1:LC.Embedded.1"}),
			want: base(nil, nil)},
		{name: "idrac from the newest profile without inventory", dev: withMgmt,
			want: mgmtNoInv},
		{name: "idrac from the profile when software has no idrac row", dev: withMgmt,
			inv:  softwareInventory(bios("Installed", "", "1.2.0")),
			want: base(ptr("1.2.0"), ptr("6.10.80.00"))},
		{name: "object-form capabilities fill both versions", dev: withCaps, want: capsNoInv},
		{name: "inventory wins over capabilities", dev: withCaps,
			inv:  softwareInventory(bios("Installed", "", "1.2.0")),
			want: base(ptr("1.2.0"), ptr("4.40.00.00"))},
	})
}
