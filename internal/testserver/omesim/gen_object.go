package omesim

import (
	"fmt"
	"strings"
	"time"
)

// mgmtEntry is one DeviceManagement entry of a profile.
type mgmtEntry struct {
	id       int
	addr     string
	dns      string
	instr    string
	profiles []agentProfile
}

// agentProfile is one ManagementProfile of a management entry.
type agentProfile struct {
	id      int
	version string
	seen    time.Time
}

// mgmt lists the profile's management entries: a bracketed IPv6 entry
// first when it has one, then the IPv4 entry.
func (p profile) mgmt() []mgmtEntry {
	if p.mgmtSet {
		return p.mgmtFix
	}

	var out []mgmtEntry
	if p.ipv6 != "" {
		out = append(out, p.mgmtFor(p.ipv6, 1))
	}

	return append(out, p.mgmtFor(p.ipv4, 2))
}

// mgmtFor builds the management entry for one address.
func (p profile) mgmtFor(addr string, k int) mgmtEntry {
	m := mgmtEntry{id: p.id*10 + k, addr: addr}
	if p.typ != 1000 {
		return m
	}

	m.dns = p.dnsName()
	if !isIPLiteral(p.name) {
		m.instr = p.name
	}

	seen := p.lastInv.Add(6*time.Hour + time.Duration(p.index%997)*time.Millisecond)
	m.profiles = []agentProfile{{id: m.id + 5, version: p.idrac, seen: seen}}

	return m
}

// isIPLiteral reports whether s looks like an IPv4 or IPv6 literal.
func isIPLiteral(s string) bool {
	return strings.Count(s, ".") == 3 && strings.Trim(s, "0123456789.") == "" ||
		strings.Contains(s, ":")
}

// object builds the device JSON the list returns.
func (p profile) object() map[string]any {
	path := fmt.Sprintf("/api/DeviceService/Devices(%d)", p.id)
	obj := map[string]any{
		"@odata.type":           "#DeviceService.Device",
		"@odata.id":             path,
		"Id":                    p.id,
		"Type":                  p.typ,
		"Identifier":            p.tag,
		"DeviceServiceTag":      p.tag,
		"ChassisServiceTag":     nullable(p.chassisTag),
		"Model":                 p.model.name,
		"PowerState":            p.power,
		"ManagedState":          3000,
		"Status":                p.status,
		"ConnectionState":       true,
		"AssetTag":              nil,
		"SystemId":              p.model.systemID,
		"DeviceName":            p.name,
		"LastInventoryTime":     formatTime(p.lastInv),
		"LastStatusTime":        formatTime(p.lastInv.Add(7 * time.Hour)),
		"DeviceSubscription":    nil,
		"DeviceCapabilities":    p.capabilities(),
		"SlotConfiguration":     map[string]any{"ChassisName": nil},
		"DeviceManagement":      p.mgmtJSON(),
		"Enabled":               true,
		"Actions":               nil,
		"ConnectionStateReason": 101,
		"ChassisIp":             p.chassisIP,
		"DiscoveryConfigurationJobInformation": []map[string]any{{
			"GroupId": "12", "CreatedBy": "admin", "DiscoveryJobName": "Discovery-rack-A",
		}},
		// A field no client knows, as newer builds add fields.
		"SimulatedFutureField": map[string]any{"Enabled": false, "Reason": nil},
	}
	addLinks(obj, path)

	return obj
}

// nullable maps "" to JSON null.
func nullable(s string) any {
	if s == "" {
		return nil
	}

	return s
}

// navLinks and objLinks are the navigation keys a device carries.
var (
	navLinks = []string{"InventoryDetails", "SubSystemHealth", "HardwareLogs", "RecentActivity",
		"Settings", "PowerUsageByDevice", "DeviceBladeSlots", "SensorHealth"}
	objLinks = []string{"VirtualSession", "Baselines", "InventoryTypes", "LogSeverities",
		"Temperature", "Power", "SystemUpTime", "BlinkStatus", "GraphicInfo", "DeployRequired"}
)

// addLinks adds the navigation-link keys of a device at path.
func addLinks(obj map[string]any, path string) {
	for _, n := range navLinks {
		obj[n+"@odata.navigationLink"] = path + "/" + n
	}

	for _, n := range objLinks {
		obj[n] = map[string]any{"@odata.id": path + "/" + n}
	}
}

// capabilities returns an unordered capability id list like OME's.
func (p profile) capabilities() []int {
	if p.typ != 1000 {
		return []int{1, 2, 3, 4, 5, 7, 8, 9, 18, 207}
	}

	return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 207, 16, 208,
		17, 209, 18, 210, 211, 212, 213, 30, 31, 33, 41, 1001, 1009, 50, 1012, 1015, 1016}
}

// mgmtJSON renders DeviceManagement as the device list sends it.
func (p profile) mgmtJSON() []map[string]any {
	entries := p.mgmt()
	out := make([]map[string]any, len(entries))
	for i, m := range entries {
		profiles := make([]map[string]any, len(m.profiles))
		for j, a := range m.profiles {
			profiles[j] = agentJSON(m, a)
			profiles[j]["ManagementId"] = m.id
		}

		out[i] = map[string]any{
			"ManagementId": m.id, "NetworkAddress": m.addr, "MacAddress": p.mac,
			"ManagementType": 2, "InstrumentationName": m.instr, "DnsName": m.dns,
			"ManagementProfile": profiles,
		}
	}

	return out
}

// agentJSON renders one iDRAC management profile.
func agentJSON(m mgmtEntry, a agentProfile) map[string]any {
	host := strings.Trim(m.addr, "[]")

	return map[string]any{
		"ManagementProfileId": a.id, "ProfileId": "", "AgentName": "iDRAC",
		"Version": a.version, "ManagementURL": "https://" + host + ":443", "HasCreds": 1,
		"Status": 1000, "StatusDateTime": formatTime(a.seen),
	}
}
