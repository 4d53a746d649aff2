package ome

import (
	"encoding/json"
	"strings"
	"testing"
)

// typedSections pairs each typed section with whether its slice is set.
func typedSections(inv *Inventory) map[InventoryType]bool {
	return map[InventoryType]bool{
		InventoryProcessors:        inv.Processors != nil,
		InventoryMemory:            inv.Memory != nil,
		InventorySoftware:          inv.Software != nil,
		InventoryNetworkInterfaces: inv.NetworkInterfaces != nil,
		InventoryOperatingSystems:  inv.OperatingSystems != nil,
		InventoryPowerSupplies:     inv.PowerSupplies != nil,
		InventoryArrayDisks:        inv.ArrayDisks != nil,
	}
}

// FuzzDecodeInventory decodes an InventoryDetails body as Get does: a
// section either decodes, and then its typed slice is set exactly when
// the section is present, or fails with a one-line error naming it.
func FuzzDecodeInventory(f *testing.F) {
	f.Add([]byte(`{"@odata.count":2,"value":[{"InventoryType":"serverProcessors","InventoryInfo":` +
		`[{"Id":1,"NumberOfCores":16}]},{"InventoryType":"serverMemoryDevices","InventoryInfo":[]}]}`))
	f.Add([]byte(`{"value":[{"InventoryType":"serverMemoryDevices","InventoryInfo":` +
		`[{"Size":"16 GB"},{"Size":16384},{"Size":"n/a"},{"Size":null}]}]}`))
	f.Add([]byte(`{"value":[{"InventoryType":"deviceSoftware","InventoryInfo":[{"SoftwareType":"BIOS",` +
		`"Status":"Installed","InstanceId":"DCIM:INSTALLED#741__BIOS.Setup.1-1","Version":"1.2"}]}]}`))
	f.Add([]byte(`{"value":[{"InventoryType":"serverProcessors","InventoryInfo":null},` +
		`{"InventoryType":"deviceLocation","InventoryInfo":{"Rack":"R1"}}]}`))
	f.Add([]byte(`{"value":[{"InventoryType":"serverArrayDisks","InventoryInfo":[{"Size":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p page[inventorySection]
		if json.Unmarshal(body, &p) != nil {
			return
		}

		inv := &Inventory{DeviceID: 7, Raw: map[InventoryType]json.RawMessage{}}
		for i := range p.items() {
			if err := inv.add(&p.items()[i]); err != nil {
				checkSectionError(t, err, p.items()[i].InventoryType)
				return
			}
		}

		for typ, set := range typedSections(inv) {
			if set != inv.Has(typ) {
				t.Fatalf("section %s: typed slice set %v, Has %v", typ, set, inv.Has(typ))
			}
		}

		_, _ = inv.BIOSVersion()
		_, _ = inv.IDRACVersion()
		_, _ = TotalMemoryMB(inv.Memory)
	})
}

// checkSectionError checks that a decode error is one line naming the
// device and the section.
func checkSectionError(t *testing.T, err error, typ InventoryType) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "device 7: inventory "+string(typ)) {
		t.Fatalf("error %q does not name device 7 and section %q on one line", msg, typ)
	}
}
