package omesim

import (
	"fmt"
	"math/rand/v2"
)

// component is one firmware or software item of deviceSoftware.
type component struct {
	swType   string // BIOS, FRMW or APAC
	id       string // ComponentId
	desc     string // DeviceDescription
	instance string // InstanceId after the DCIM:<state># prefix
	version  string // installed version
	previous string // rollback image version; "" for none
	current  bool   // also listed as a DCIM:CURRENT# staged image
	vendor   string
	pci      string
}

// softwareRow renders one deviceSoftware row.
func softwareRow(c component, state, version, date string) map[string]any {
	status := "Available"
	if state == "INSTALLED" {
		status = "Installed"
	}

	return map[string]any{
		"Version": version, "InstallationDate": date, "Status": status,
		"SoftwareType": c.swType, "VendorId": c.vendor, "SubDeviceId": "", "SubVendorId": "",
		"ComponentId": c.id, "PciDeviceId": c.pci, "DeviceDescription": c.desc,
		"InstanceId": "DCIM:" + state + "#" + c.instance,
	}
}

// componentRows renders a component's INSTALLED, CURRENT and PREVIOUS rows.
func componentRows(c component, date string) []map[string]any {
	rows := []map[string]any{softwareRow(c, "INSTALLED", c.version, date)}
	if c.current {
		rows = append(rows, softwareRow(c, "CURRENT", c.version, "NA"))
	}

	if c.previous != "" {
		rows = append(rows, softwareRow(c, "PREVIOUS", c.previous, "NA"))
	}

	return rows
}

// biosComponent is the BIOS item with its installed and previous versions.
func biosComponent(version, previous string) component {
	return component{swType: "BIOS", id: "159", desc: "BIOS", instance: "741__BIOS.Setup.1-1",
		version: version, previous: previous, current: true}
}

// idracComponent is the iDRAC item.
func idracComponent(version, previous string) component {
	return component{swType: "FRMW", id: "25227", desc: "Integrated Dell Remote Access Controller",
		instance: "iDRAC.Embedded.1-1#IDRACinfo", version: version, previous: previous}
}

// lcComponent is the Lifecycle Controller item; it follows the iDRAC version.
func lcComponent(version string) component {
	return component{swType: "APAC", id: "28897", desc: "Lifecycle Controller",
		instance: "802__USC.Embedded.1:LC.Embedded.1", version: version}
}

// serverComponents lists a generated server's software items.
func serverComponents(p profile, r *rand.Rand) []component {
	bios := biosVersions[p.model.gen]
	b := 1 + r.IntN(len(bios)-1)
	prevIDRAC := idracVersions[p.model.gen][0]
	if prevIDRAC == p.idrac {
		prevIDRAC = ""
	}

	comps := []component{
		biosComponent(bios[b], bios[b-1]),
		idracComponent(p.idrac, prevIDRAC),
		lcComponent(p.idrac),
		{swType: "FRMW", id: "101560", desc: "PERC H755 Front", instance: "301_C_RAID.SL.3-1",
			version: "52.26.0-5179", previous: "52.21.0-4606", current: true, vendor: "1000", pci: "10E2"},
		{swType: "FRMW", id: "27763", desc: "System CPLD", instance: "803__CPLD.Embedded.1",
			version: "1.1.1"},
		{swType: "APAC", id: "18981", desc: "Dell OS Driver Pack, 24.03.05, A00",
			instance: "802__DriverPack.Embedded.1:LC.Embedded.1", version: "24.03.05"},
	}

	for i := range p.hardware().nicPorts {
		comps = append(comps, component{swType: "FRMW", id: "107066",
			desc:     fmt.Sprintf("Broadcom Adv. Dual 25Gb Ethernet - port %d", i+1),
			instance: fmt.Sprintf("701__NIC.Integrated.1-%d-1", i+1), version: "22.71.3",
			previous: "22.31.6", current: true, vendor: "14E4", pci: "16D7"})
	}

	return comps
}

// otherComponents lists the firmware of a chassis, IOM or storage array.
func otherComponents(p profile) []component {
	return []component{{swType: "FRMW", id: fmt.Sprint(30000 + p.model.systemID),
		desc: p.model.name + " firmware", instance: "801__Firmware.Embedded.1",
		version: "2.10.00", previous: "2.00.00"}}
}

// softwareRows builds deviceSoftware: every component's rows, shuffled.
func softwareRows(p profile, r *rand.Rand) []map[string]any {
	comps := p.comps
	switch {
	case comps != nil:
	case p.typ == 1000:
		comps = serverComponents(p, r)
	default:
		comps = otherComponents(p)
	}

	var rows []map[string]any
	for _, c := range comps {
		rows = append(rows, componentRows(c, installDate(p, r))...)
	}

	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })

	return rows
}
