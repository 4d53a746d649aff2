package omesim

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// builder makes the rows of one inventory type for a profile.
type builder func(p profile, r *rand.Rand) []map[string]any

// serverBuilders are the inventory types of a generated server.
var serverBuilders = map[string]builder{
	"serverProcessors":        processorRows,
	"serverNetworkInterfaces": nicRows,
	"serverOperatingSystems":  osRows,
	"serverPowerSupplies":     psuRows,
	"serverArrayDisks":        diskRows,
	"serverMemoryDevices":     memoryRows,
	"deviceLocation":          locationRows,
	"deviceManagement":        mgmtInventoryRows,
	"deviceSoftware":          softwareRows,
	"subsystemRollupStatus":   rollupRows,
}

// otherBuilders are the generic inventory types of other devices.
var otherBuilders = map[string]builder{
	"deviceLocation":   locationRows,
	"deviceManagement": mgmtInventoryRows,
	"deviceSoftware":   softwareRows,
}

// builders returns the inventory builders that apply to the profile.
func (p profile) builders() map[string]builder {
	if p.typ == 1000 {
		return serverBuilders
	}

	return otherBuilders
}

// inventoryTypes lists the profile's inventory types in OME order.
func (p profile) inventoryTypes() []string {
	var out []string
	for _, t := range serverTypeOrder {
		if p.hasType(t) {
			out = append(out, t)
		}
	}

	return out
}

// hasType reports whether inventory type t applies to the profile.
func (p profile) hasType(t string) bool {
	_, ok := p.builders()[t]

	return ok && !(p.noDisks && t == "serverArrayDisks")
}

// inventory builds the rows of type t (nil when t does not apply).
func (p profile) inventory(t string) []map[string]any {
	b := p.builders()[t]
	if !p.hasType(t) {
		return nil
	}

	h := fnv.New64a()
	_, _ = h.Write([]byte(t))

	return b(p, rng(p.seed, p.index, h.Sum64()))
}

// hardware is the server build shared by several inventory types.
type hardware struct {
	sockets, cores int
	cpu            string
	dimmMB         []int // Size of each populated DIMM
	nicPorts       int
}

// cpuModels are processor names per server generation.
var cpuModels = map[int][]string{
	14: {"Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz", "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz"},
	15: {"Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"},
	16: {"Intel(R) Xeon(R) Gold 5418Y", "Intel(R) Xeon(R) Gold 6430"},
}

// hardware derives the server's build, unless the profile sets one.
func (p profile) hardware() hardware {
	if p.hw != nil {
		return *p.hw
	}

	r := rng(p.seed, p.index, 0x68617264)
	hw := hardware{sockets: pick(r, []int{1, 2, 2, 2}), cpu: pick(r, cpuModels[p.model.gen])}
	hw.cores = pick(r, []int{10, 16, 20, 24, 32})
	size := pick(r, []int{16384, 32768, 32768, 65536})
	hw.dimmMB = make([]int, hw.sockets*pick(r, []int{2, 4, 6, 8}))
	for i := range hw.dimmMB {
		hw.dimmMB[i] = size
	}

	hw.nicPorts = pick(r, []int{2, 4})

	return hw
}

// processorRows builds serverProcessors: one row per populated socket.
func processorRows(p profile, r *rand.Rand) []map[string]any {
	hw := p.hardware()
	rows := make([]map[string]any, hw.sockets)
	for i := range rows {
		slot := fmt.Sprintf("CPU.Socket.%d", i+1)
		rows[i] = map[string]any{
			"Id": 70 + i + r.IntN(5)*10, "Family": "Intel(R) Xeon(TM)", "MaxSpeed": 4000,
			"CurrentSpeed": 2000 + 100*r.IntN(10), "SlotNumber": slot, "Status": 1000,
			"NumberOfCores": hw.cores, "NumberOfEnabledCores": hw.cores, "BrandName": "Intel",
			"ModelName": hw.cpu, "InstanceId": slot, "Voltage": "1.8",
		}
	}

	return rows
}

// memoryRows builds serverMemoryDevices with Size in MB.
func memoryRows(p profile, r *rand.Rand) []map[string]any {
	hw := p.hardware()
	ddr, speed := "DDR4", 2933
	if p.model.gen == 16 {
		ddr, speed = "DDR5", 4800
	}

	rows := make([]map[string]any, len(hw.dimmMB))
	for i := range rows {
		bank := string(rune('A' + i%hw.sockets))
		slot := fmt.Sprintf("%s%d", bank, i/hw.sockets+1)
		rows[i] = map[string]any{
			"Id": 400 + i, "Name": "DIMM.Socket." + slot, "BankName": bank, "Size": hw.dimmMB[i],
			"Status": 1000, "Manufacturer": pick(r, []string{"Hynix Semiconductor", "Micron Technology"}),
			"PartNumber":   fmt.Sprintf("M%dA%04dX-SIM", hw.dimmMB[i]/1024, r.IntN(10000)),
			"SerialNumber": fmt.Sprintf("%08X", r.Uint32()), "TypeDetails": ddr,
			"ManufacturerDate": "Mon Mar 04 06:00:00 2023 UTC", "Speed": speed,
			"CurrentOperatingSpeed": speed, "Rank": "Double Rank", "InstanceId": "DIMM.Socket." + slot,
			"DeviceDescription": "DIMM " + slot,
		}
	}

	return rows
}

// nicRows builds serverNetworkInterfaces: one integrated NIC.
func nicRows(p profile, r *rand.Rand) []map[string]any {
	hw := p.hardware()
	ports := make([]map[string]any, hw.nicPorts)
	for i := range ports {
		mac := fmt.Sprintf("B4:96:91:%02X:%02X:%02X", p.index>>8&0xff, p.index&0xff, i)
		fqdd := fmt.Sprintf("NIC.Integrated.1-%d", i+1)
		ports[i] = map[string]any{
			"PortId": fqdd, "ProductName": "Broadcom Adv. Dual 25Gb Ethernet - " + mac,
			"LinkStatus": pick(r, []string{"Up", "Up", "Down"}), "LinkSpeed": 25000,
			"Partitions": []map[string]any{{
				"Fqdd": fqdd + "-1", "CurrentMacAddress": mac, "PermanentMacAddress": mac,
				"VirtualMacAddress": "00:00:00:00:00:00", "NicMode": "Unknown",
				"MinBandwidth": 0, "MaxBandwidth": 0,
			}},
		}
	}

	return []map[string]any{{"NicId": "NIC.Integrated.1", "VendorName": "Broadcom Corp", "Ports": ports}}
}

// osRows builds serverOperatingSystems; Hostname is empty for some.
func osRows(p profile, r *rand.Rand) []map[string]any {
	if p.noOS {
		return []map[string]any{}
	}

	host := p.name
	if isIPLiteral(host) || r.IntN(4) == 0 {
		host = ""
	}

	return []map[string]any{{
		"Id": 40 + r.IntN(10), "OsName": "VMware ESXi",
		"OsVersion": pick(r, []string{"7.0.3 build-21930508", "8.0.2 build-22380479"}), "Hostname": host,
	}}
}

// psuRows builds serverPowerSupplies: two redundant supplies.
func psuRows(p profile, r *rand.Rand) []map[string]any {
	rows := make([]map[string]any, 2)
	for i := range rows {
		rows[i] = map[string]any{
			"Id": 850 + i, "Name": fmt.Sprintf("Power Supply %d", i+1), "PowerSupplyType": 0,
			"OutputWatts": 1400, "Location": fmt.Sprintf("PSU.Slot.%d", i+1), "RedundancyState": "2",
			"Status": 1000, "State": "Presence Detected", "FirmwareVersion": "00.1D.7D",
			"InputVoltage": 226 + r.IntN(8), "Model": "PWR SPLY,1400W,RDNT,SIM", "Manufacturer": "DELL",
			"SerialNumber": fmt.Sprintf("SIMPSU%05d%d", p.index%100000, i), "AcInput": true,
			"AcOutput": false, "SwitchingSupply": true, "OperationalStatus": "OK",
		}
	}

	return rows
}

// diskRows builds serverArrayDisks with sizes as GB strings.
func diskRows(p profile, r *rand.Rand) []map[string]any {
	size := pick(r, []string{"447", "894", "1788"})
	rows := make([]map[string]any, 2)
	for i := range rows {
		rows[i] = map[string]any{
			"Id": 120 + i, "DiskNumber": fmt.Sprintf("Disk %d in Backplane 1 of RAID Controller in Slot 1", i),
			"VendorName": "INTEL", "Status": 1000, "StatusString": "OK", "ModelNumber": "SSDSC2KG960G8R",
			"SerialNumber": fmt.Sprintf("SIMD%06d%d", p.index%1000000, i), "Revision": "XCV1DL69",
			"Size": size, "FreeSpace": "0", "UsedSpace": size, "BusType": "SATA", "SlotNumber": i,
			"MediaType": "Solid State Drive", "RaidStatus": "Online", "SecurityState": "Unencrypted",
		}
	}

	return rows
}

// locationRows builds deviceLocation.
func locationRows(p profile, _ *rand.Rand) []map[string]any {
	return []map[string]any{{
		"Id": 50 + p.index%7, "Room": "", "Rack": fmt.Sprintf("R%02d", p.index/40%100), "Aisle": "",
		"Datacenter": "", "Rackslot": fmt.Sprint(p.index % 40), "ManagementSystemUnit": 1,
	}}
}

// mgmtInventoryRows builds deviceManagement in its inventory form.
func mgmtInventoryRows(p profile, _ *rand.Rand) []map[string]any {
	entries := p.mgmt()
	rows := make([]map[string]any, len(entries))
	for i, m := range entries {
		agents := make([]map[string]any, len(m.profiles))
		for j, a := range m.profiles {
			agents[j] = agentJSON(m, a)
		}

		rows[i] = map[string]any{
			"ManagementId": m.id, "IpAddress": m.addr, "MacAddress": p.mac,
			"InstrumentationName": m.instr, "DnsName": m.dns,
			"ManagementType": map[string]any{"ManagementType": 2, "Name": "PUBLIC",
				"Description": "Public Management Interface"},
			"EndPointAgents": agents,
		}
	}

	return rows
}

// rollupNames are the subsystemRollupStatus entries.
var rollupNames = []string{"cpuRollupStatus", "sysMemPrimaryStatus", "voltRollupStatus",
	"batteryRollupStatus", "licensingRollupStatus", "storageRollupStatus",
	"tempRollupStatus", "intrusionRollupStatus"}

// rollupRows builds subsystemRollupStatus.
func rollupRows(p profile, _ *rand.Rand) []map[string]any {
	rows := make([]map[string]any, len(rollupNames))
	for i, n := range rollupNames {
		rows[i] = map[string]any{"Id": 380 + i, "Status": 1000, "SubsystemName": n}
	}

	return rows
}

// installDate returns a plausible firmware installation time.
func installDate(p profile, r *rand.Rand) string {
	return formatTime(p.lastInv.Add(-time.Duration(24+r.IntN(2000)) * time.Hour))
}
