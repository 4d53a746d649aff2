package omesim

import (
	"fmt"
	"strconv"
	"time"
)

// quirkSeed seeds the incidental values (serial numbers, dates) of Quirks.
const quirkSeed = 7

var (
	r650   = model{"PowerEdge R650", 2300, 15}
	mx750c = model{"PowerEdge MX750c", 2302, 15}
)

// Quirks returns a fixed set of hand-made devices that cover the field
// cases; the package documentation lists each one. Ids are below 20000,
// so Quirks and Generate can be served together.
func Quirks() []Device {
	return []Device{
		standard(1001, "TST1001").device(),
		partialInventory(),
		switchB10(),
		neverInventoried(),
		standard(1201, "TST1201").device(),
		ipv6First(),
		withAddrs(standard(1203, "TST1203"), 20, "[2001:db8::123]").device(),
		withAddrs(standard(1204, "TST1204"), 17).device().set("ConnectionState", false),
		ipName(),
		unsetIPv6(),
		localhostName(),
		twoProfiles(),
		mxSled(),
		inventoryFails(),
		oldCapabilities(),
		standard(1701, "tst1701 ").device(),
		standard(1702, "\tTST1702").device(),
		standard(1710, "").device(),
		nullTag(),
		standard(1712, "N/A").device(),
		standard(1713, "0000000").device(),
		standard(1714, "To Be Filled By O.E.M.").device(),
		standard(1720, "TST1720").device(),
		standard(1721, "tst1720 ").device(),
		memory(standard(2101, "TST2101"), 16384, 16384, 32768).device(),
		memory(standard(2102, "TST2102"), 16384, 0).device(),
		chassis(),
		iom(1302, "TSTIO02", 4000, model{"MX9116n Fabric Switching Engine", 2032, 0}),
		iom(1303, "TSTIO03", 8000, model{"MX5000s SAS Switch", 2034, 0}),
		storage(),
	}
}

// standard is a healthy R650 named esx<id>.example.com at quirkIPv4(id)
// with 2 CPUs, 4 x 16384 MB, BIOS 1.10.2 and iDRAC 7.00.00.171.
func standard(id int, tag string) profile {
	p := profile{seed: quirkSeed, index: id, id: id, typ: 1000, role: roleRack, model: r650,
		tag: tag, chassisTag: tag, name: "esx" + itoa(id) + ".example.com", power: 17,
		status: 1000, mac: quirkMAC(id),
		idrac: "7.00.00.171", lastInv: inventoryBase.Add(time.Duration(id) * time.Second)}
	p.ipv4 = quirkIPv4(id)
	p.hw = &hardware{sockets: 2, cores: 16, cpu: cpuModels[15][1],
		dimmMB: []int{16384, 16384, 16384, 16384}, nicPorts: 2}
	p.comps = []component{biosComponent("1.10.2", "1.9.2"),
		idracComponent("7.00.00.171", "6.10.80.00"), lcComponent("7.00.00.171")}

	return p
}

// quirkIPv4 is the IPv4 address a quirk Id gets unless it sets its own:
// 10xx, 12xx, 17xx and 21xx map to 192.0.2.(100, 120, 170, 210 + xx) and
// 13xx to 198.51.100.(30 + xx).
func quirkIPv4(id int) string {
	base := map[int]int{10: 100, 12: 120, 17: 170, 21: 210}
	if b, ok := base[id/100]; ok {
		return "192.0.2." + itoa(b+id%100)
	}

	return "198.51.100." + itoa(30+id%100)
}

// withAddrs sets the power state and replaces the management entries with
// one entry per address (each with the profile's iDRAC agent).
func withAddrs(p profile, power int, addrs ...string) profile {
	p.power = power
	p.mgmtSet = true
	p.mgmtFix = []mgmtEntry{}
	for i, a := range addrs {
		m := mgmtEntry{id: p.id*10 + i, addr: a, dns: p.dnsName(), instr: p.name}
		m.profiles = []agentProfile{{id: m.id + 5, version: p.idrac, seen: p.lastInv.Add(time.Hour)}}
		p.mgmtFix = append(p.mgmtFix, m)
	}

	return p
}

// memory replaces the DIMM sizes (MB).
func memory(p profile, sizes ...int) profile {
	hw := *p.hw
	hw.dimmMB = sizes
	p.hw = &hw

	return p
}

// device builds a hand-made Device with every server inventory type.
func (p profile) device() Device {
	d := Device{Object: p.object(), Inventory: map[string][]map[string]any{}}
	for _, t := range p.inventoryTypes() {
		d.Inventory[t] = p.inventory(t)
	}

	return d
}

// set changes one field of the device object.
func (d Device) set(key string, v any) Device {
	d.Object[key] = v

	return d
}

// partialInventory is 1002: no serverProcessors, empty memory, and only a
// BIOS row in deviceSoftware; no iDRAC agent anywhere.
func partialInventory() Device {
	p := standard(1002, "TST1002")
	p.comps = []component{{swType: "BIOS", id: "159", desc: "BIOS",
		instance: "741__BIOS.Setup.1-1", version: "2.19.1"}}
	p = noAgents(p)
	d := p.device()
	delete(d.Inventory, "serverProcessors")
	d.Inventory["serverMemoryDevices"] = []map[string]any{}

	return d
}

// noAgents keeps the management address but drops its iDRAC profiles.
func noAgents(p profile) profile {
	p = withAddrs(p, p.power, p.ipv4)
	p.mgmtFix[0].profiles = nil

	return p
}

// switchB10 is 1003: a network IOM (Type 4000) whose server inventory
// types are not applicable.
func switchB10() Device {
	return nonServer(1003, "SWT1003", 4000, model{"S5248F-ON", 2040, 0}, "switch1003.example.com")
}

// neverInventoried is 1004: unreachable, Status 2000, never inventoried.
func neverInventoried() Device {
	d := noAgents(standard(1004, "TST1004")).device()
	d.Inventory = map[string][]map[string]any{}
	d.Object["ConnectionState"] = false
	d.Object["Status"] = 2000
	d.Object["LastInventoryTime"] = nil
	d.Object["LastStatusTime"] = nil

	return d
}

// ipv6First is 1202: a bracketed IPv6 entry, then the IPv4 entry.
func ipv6First() Device {
	return withAddrs(standard(1202, "TST1202"), 18, "[2001:db8::122]", "192.0.2.122").device()
}

// ipName is 1205: DeviceName is the IP; no host name anywhere.
func ipName() Device {
	p := withAddrs(standard(1205, "TST1205"), 21, "192.0.2.125")
	p.name = "192.0.2.125"
	p.mgmtFix[0].instr, p.mgmtFix[0].dns = "", ""

	return p.device()
}

// unsetIPv6 is 1206: only "[::]", an IPv6 DeviceName, an unknown PowerState.
func unsetIPv6() Device {
	p := withAddrs(standard(1206, "TST1206"), 99, "[::]")
	p.name = "2001:db8::126"

	return p.device()
}

// localhostName is 1207: DeviceName "localhost".
func localhostName() Device {
	p := withAddrs(standard(1207, "TST1207"), 17, "192.0.2.127")
	p.name = "localhost"

	return p.device()
}

// twoProfiles is 1208: two iDRAC agents, the stale version listed first.
func twoProfiles() Device {
	p := standard(1208, "TST1208")
	p.idrac = "7.00.60.00"
	p.comps = []component{biosComponent("1.10.2", "1.9.2"),
		idracComponent("7.00.60.00", "6.10.80.00"), lcComponent("7.00.60.00")}
	p = withAddrs(p, 17, "192.0.2.128")
	p.mgmtFix[0].profiles = staleThenNew(p, "6.10.80.00", "7.00.60.00")

	return p.device()
}

// staleThenNew lists an old agent first and the newer one (later
// StatusDateTime) second.
func staleThenNew(p profile, old, cur string) []agentProfile {
	base := time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)

	return []agentProfile{
		{id: p.id*10 + 7, version: old, seen: base},
		{id: p.id*10 + 5, version: cur, seen: base.Add(time.Hour)},
	}
}

// mxSled is 1209: an MX750c in chassis TSTCH01.
func mxSled() Device {
	p := standard(1209, "TST1209")
	p.model, p.role = mx750c, roleSled
	p.chassisTag, p.chassisIP = "TSTCH01", "198.51.100.31"
	p = withAddrs(p, 17, "198.51.100.129")

	return p.device()
}

// inventoryFails is 1210: every inventory call fails; two iDRAC agents.
func inventoryFails() Device {
	p := withAddrs(standard(1210, "TST1210"), 17, "192.0.2.130")
	p.mgmtFix[0].profiles = staleThenNew(p, "6.10.80.00", "7.10.30.00")
	d := p.device()
	d.Inventory = nil
	d.InventoryFails = true

	return d
}

// oldCapabilities is 1211: DeviceCapabilities in the old object form with
// BIOS and iDRAC versions, no deviceSoftware and no iDRAC agent.
func oldCapabilities() Device {
	p := memory(noAgents(standard(1211, "TST1211")), 32768, 32768)
	d := p.device()
	delete(d.Inventory, "deviceSoftware")
	d.Object["DeviceCapabilities"] = []map[string]any{
		{"CapabilityType": map[string]any{"Name": "BIOS"}, "Version": "2.10.0"},
		{"CapabilityType": map[string]any{"Name": "iDRAC"}, "Version": "4.40.00.00"},
	}

	return d
}

// nullTag is 1711: DeviceServiceTag null while Identifier and
// ChassisServiceTag hold a tag that must not be used.
func nullTag() Device {
	d := standard(1711, "TST1711").device()
	d.Object["DeviceServiceTag"] = nil

	return d
}

// nonServer builds a chassis, IOM or storage device with generic inventory.
func nonServer(id int, tag string, typ int, m model, name string) Device {
	p := profile{seed: quirkSeed, index: id, id: id, typ: typ, role: roleChassis, model: m,
		tag: tag, name: name, power: 17, status: 1000, mac: quirkMAC(id),
		lastInv: inventoryBase.Add(time.Duration(id) * time.Second), ipv4: quirkIPv4(id)}

	return p.device()
}

// chassis is 1301: the MX7000 that holds 1209, 1302 and 1303.
func chassis() Device {
	d := nonServer(1301, "TSTCH01", 2000, model{"PowerEdge MX7000", 2031, 0}, "mx-chassis-01.example.com")
	d.Object["DeviceManagement"].([]map[string]any)[0]["NetworkAddress"] = "198.51.100.31"

	return d
}

// iom is an IOM in chassis TSTCH01.
func iom(id int, tag string, typ int, m model) Device {
	d := nonServer(id, tag, typ, m, "IOM-"+tag)
	d.Object["ChassisServiceTag"] = "TSTCH01"
	d.Object["ChassisIp"] = "198.51.100.31"

	return d
}

// storage is 1304: a PowerVault array whose Identifier is a serial number.
func storage() Device {
	d := nonServer(1304, "TSTST04", 3000, model{"PowerVault ME5024", 2090, 0}, "me5-01.example.com")
	d.Object["Identifier"] = "SIMSN1304ME5024"

	return d
}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }

// quirkMAC is the iDRAC MAC address of a quirk device.
func quirkMAC(id int) string { return fmt.Sprintf("d0:8e:79:00:%02x:%02x", id>>8&0xff, id&0xff) }
