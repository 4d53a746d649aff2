package e2e

import (
	"encoding/json"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// simDevice holds the device fields MAPPING.md reads, decoded from the
// simulator's JSON.
type simDevice struct {
	ID    int64   `json:"Id"`
	Type  int     `json:"Type"`
	Tag   *string `json:"DeviceServiceTag"`
	Name  string  `json:"DeviceName"`
	Model string  `json:"Model"`
	Mgmt  []struct {
		NetworkAddress      string `json:"NetworkAddress"`
		InstrumentationName string `json:"InstrumentationName"`
		DNSName             string `json:"DnsName"`
		Profiles            []struct {
			AgentName      string `json:"AgentName"`
			StatusDateTime string `json:"StatusDateTime"`
			Version        string `json:"Version"`
		} `json:"ManagementProfile"`
	} `json:"DeviceManagement"`
}

// simRow holds the inventory row fields MAPPING.md reads.
type simRow struct {
	SoftwareType string  `json:"SoftwareType"`
	Status       any     `json:"Status"` // text in deviceSoftware, a number elsewhere
	InstanceID   string  `json:"InstanceId"`
	Version      string  `json:"Version"`
	Size         float64 `json:"Size"`
}

// record is a DSM record as the simulator's store holds it.
type record = map[string]any

// expectStore returns the store a complete sync of devs into an empty DSM
// gives: one record per server, keyed by service tag. listOnly names the
// devices whose inventory fails in the run.
func expectStore(t *testing.T, devs []omesim.Device, listOnly ...int) map[string]record {
	t.Helper()
	out := map[string]record{}
	for _, d := range devs {
		full := d.Full()
		var sd simDevice
		recode(t, full.Object, &sd)
		if sd.Type != 1000 {
			continue
		}

		inv := inventoryOf(t, full)
		if full.InventoryFails || slices.Contains(listOnly, int(sd.ID)) {
			inv = nil
		}

		out[tagOf(sd)] = expectRecord(sd, inv)
	}

	return out
}

// inventoryOf decodes the rows of the types the mapping reads.
func inventoryOf(t *testing.T, d omesim.Device) map[string][]simRow {
	inv := map[string][]simRow{}
	for _, typ := range []string{"serverProcessors", "serverMemoryDevices", "deviceSoftware"} {
		if rows, ok := d.Inventory[typ]; ok {
			var out []simRow
			recode(t, rows, &out)
			inv[typ] = out
		}
	}

	return inv
}

// expectRecord maps one server; inv is nil when its inventory failed.
func expectRecord(d simDevice, inv map[string][]simRow) record {
	rec := record{"device_id": strconv.FormatInt(d.ID, 10), "service_tag": tagOf(d)}
	put(rec, "model", strings.TrimSpace(d.Model))
	put(rec, "hostname", hostnameOf(d))
	put(rec, "ip_address", addressOf(d))
	put(rec, "bios_version", installed(inv, func(r simRow) bool { return r.SoftwareType == "BIOS" }))
	put(rec, "idrac_firmware", installed(inv, func(r simRow) bool {
		return strings.Contains(r.InstanceID, "iDRAC.Embedded")
	}))
	if _, ok := rec["idrac_firmware"]; !ok {
		put(rec, "idrac_firmware", latestIDRACProfile(d))
	}

	if n := len(inv["serverProcessors"]); n > 0 {
		rec["cpu_count"] = n
	}

	if gb := memoryGB(inv["serverMemoryDevices"]); gb > 0 {
		rec["memory_gb"] = gb
	}

	return rec
}

// tagOf is the service tag trimmed and upper-cased.
func tagOf(d simDevice) string {
	if d.Tag == nil {
		return ""
	}

	return strings.ToUpper(strings.TrimSpace(*d.Tag))
}

// hostnameOf is DeviceName when it is a host name, else the first such
// InstrumentationName, then DnsName, of the management entries.
func hostnameOf(d simDevice) string {
	names := []string{d.Name}
	for _, m := range d.Mgmt {
		names = append(names, m.InstrumentationName)
	}

	for _, m := range d.Mgmt {
		names = append(names, m.DNSName)
	}

	for _, n := range names {
		n = strings.TrimSpace(n)
		if _, err := netip.ParseAddr(strings.Trim(n, "[]")); n != "" && n != "localhost" && err != nil {
			return n
		}
	}

	return ""
}

// addressOf is the first usable IPv4 management address, else the first
// usable IPv6 one without brackets.
func addressOf(d simDevice) string {
	var v6 string
	for _, m := range d.Mgmt {
		a, err := netip.ParseAddr(strings.Trim(m.NetworkAddress, "[]"))
		if err != nil || a.IsUnspecified() || a.IsLoopback() {
			continue
		}

		if a.Unmap().Is4() {
			return a.Unmap().String()
		}

		if v6 == "" {
			v6 = a.String()
		}
	}

	return v6
}

// installed is the Version of the installed deviceSoftware row that match
// picks.
func installed(inv map[string][]simRow, match func(simRow) bool) string {
	for _, r := range inv["deviceSoftware"] {
		if r.Status == "Installed" && match(r) {
			return r.Version
		}
	}

	return ""
}

// latestIDRACProfile is the Version of the iDRAC management profile with
// the latest StatusDateTime.
func latestIDRACProfile(d simDevice) string {
	var at, version string
	for _, m := range d.Mgmt {
		for _, p := range m.Profiles {
			if p.AgentName == "iDRAC" && p.StatusDateTime >= at {
				at, version = p.StatusDateTime, p.Version
			}
		}
	}

	return version
}

// memoryGB is the sum of the DIMM sizes in MB, in whole GB, a half up.
func memoryGB(rows []simRow) int {
	var mb float64
	for _, r := range rows {
		mb += r.Size
	}

	return int(math.Floor(mb/1024 + 0.5))
}

// put sets rec[k] unless v is empty: unknown is left out, never "".
func put(rec record, k, v string) {
	if v != "" {
		rec[k] = v
	}
}

// recode turns v into JSON and decodes it into out.
func recode(t *testing.T, v, out any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}

	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

// only keeps the records of store whose tags are in keep.
func only(store map[string]record, keep map[string]record) map[string]record {
	out := map[string]record{}
	for tag := range keep {
		if rec, ok := store[tag]; ok {
			out[tag] = rec
		}
	}

	return out
}
