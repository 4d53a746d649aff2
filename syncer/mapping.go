package syncer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// Map is the default mapping from an OME device and its inventory to a DSM
// record, as the package documentation describes it field by field. inv is
// nil when the inventory is unavailable. A value that cannot be learned is
// left nil, never 0 or "". The problems say which inventory was missing or
// unreadable; they are notes, the record is still usable.
//
// Map does not check the service tag; CheckServiceTag does.
func Map(d *ome.Device, inv *ome.Inventory) (dsm.Record, []Problem) {
	rec := dsm.Record{
		DeviceID:   strconv.FormatInt(d.ID, 10),
		ServiceTag: NormalizeServiceTag(d.DeviceServiceTag),
		Model:      nonEmpty(strings.TrimSpace(d.Model)),
		Hostname:   nonEmpty(hostname(d)),
		IPAddress:  nonEmpty(managementIP(d.DeviceManagement)),
	}

	var memErr error
	if inv != nil {
		rec.CPUCount = positive(len(inv.Processors))
		rec.MemoryGB, memErr = memoryGB(inv.Memory)
		rec.BIOSVersion = nonEmpty(installedVersion(inv.Software, isBIOS))
		rec.IDRACFirmware = nonEmpty(installedVersion(inv.Software, isIDRAC))
	}

	fillFallbacks(&rec, d)

	return rec, mapProblems(d, inv, rec.ServiceTag, memErr)
}

// fillFallbacks fills the firmware versions that inventory did not give:
// the iDRAC version from the newest iDRAC management profile, then both
// versions from the object form of DeviceCapabilities.
func fillFallbacks(rec *dsm.Record, d *ome.Device) {
	if rec.IDRACFirmware == nil {
		rec.IDRACFirmware = nonEmpty(latestIDRACProfile(d.DeviceManagement))
	}

	if rec.IDRACFirmware == nil {
		rec.IDRACFirmware = nonEmpty(capabilityVersion(d.DeviceCapabilities, "iDRAC"))
	}

	if rec.BIOSVersion == nil {
		rec.BIOSVersion = nonEmpty(capabilityVersion(d.DeviceCapabilities, "BIOS"))
	}
}

// mapProblems turns what Map noticed into problems of the device: a value
// that could not be read (bad), then a gap in the inventory.
func mapProblems(d *ome.Device, inv *ome.Inventory, tag string, bad error) []Problem {
	p := Problem{DeviceID: d.ID, Name: d.DeviceName, ServiceTag: tag}

	var out []Problem
	if bad != nil {
		b := p
		b.Kind, b.Reason, b.Err = KindBadData, bad.Error(), bad
		out = append(out, b)
	}

	if kind, reason := inventoryGap(d, inv); kind != "" {
		p.Kind, p.Reason = kind, reason
		out = append(out, p)
	}

	return out
}

// inventoryGap says whether the inventory is pending or incomplete.
func inventoryGap(d *ome.Device, inv *ome.Inventory) (ProblemKind, string) {
	if inv == nil {
		return "", ""
	}

	if isEmptyInventory(inv) {
		return KindInventoryPending, "OME has no inventory for this device yet " +
			"(run an inventory job in OME); cpu_count, memory_gb and firmware left out"
	}

	missing := missingSections(inv)
	if len(missing) == 0 {
		return "", ""
	}

	return KindInventoryIncomplete, fmt.Sprintf("inventory has no %s; their fields were left out",
		strings.Join(missing, ", "))
}

// isEmptyInventory is true when OME returned no section at all.
func isEmptyInventory(inv *ome.Inventory) bool {
	return len(inv.Raw) == 0 && len(inv.Processors) == 0 &&
		len(inv.Memory) == 0 && len(inv.Software) == 0
}

// missingSections names the mapped sections that were absent or empty.
func missingSections(inv *ome.Inventory) []string {
	var missing []string
	if len(inv.Processors) == 0 {
		missing = append(missing, string(ome.InventoryProcessors))
	}

	if len(inv.Memory) == 0 {
		missing = append(missing, string(ome.InventoryMemory))
	}

	if len(inv.Software) == 0 {
		missing = append(missing, string(ome.InventorySoftware))
	}

	return missing
}

// nonEmpty returns a pointer to s, or nil when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}

	return &s
}

// positive returns a pointer to n, or nil when n is not above 0.
func positive(n int) *int {
	if n <= 0 {
		return nil
	}

	return &n
}
