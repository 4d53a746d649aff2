package omesim

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Device is one device the simulator serves.
//
// Devices made by Generate are compact: their Object and Inventory are nil
// and the server builds them on each request from a seed. Call Full to get
// the JSON the server would send. Devices built by hand (and Quirks) carry
// Object and Inventory directly.
type Device struct {
	// Object is the device JSON exactly as the device list returns it.
	// It must hold an integer "Id".
	Object map[string]any
	// Inventory maps an InventoryType to its InventoryInfo rows. A type
	// missing from the map is not applicable: a per-type call answers 400.
	Inventory map[string][]map[string]any
	// InventoryFails makes every inventory call for this device answer 500.
	InventoryFails bool

	gen *genSpec
}

// ID returns the device's OME Id.
func (d Device) ID() int {
	if d.gen != nil {
		return d.gen.id()
	}

	id, _ := intField(d.Object, "Id")

	return id
}

// Full returns d with Object and Inventory filled in, building them when d
// came from Generate. The result is what the server sends for d.
func (d Device) Full() Device {
	if d.gen == nil {
		return d
	}

	p := d.gen.profile()
	out := Device{Object: p.object(), Inventory: map[string][]map[string]any{}}
	for _, t := range p.inventoryTypes() {
		out.Inventory[t] = p.inventory(t)
	}

	return out
}

// object returns the device JSON for d.
func (d *Device) object() map[string]any {
	if d.gen != nil {
		return d.gen.profile().object()
	}

	return d.Object
}

// inventoryTypes returns the types d has, in OME's usual order.
func (d *Device) inventoryTypes() []string {
	if d.gen != nil {
		return d.gen.profile().inventoryTypes()
	}

	return orderTypes(d.Inventory)
}

// inventory returns the rows of type t and whether t applies to d.
func (d *Device) inventory(t string) ([]map[string]any, bool) {
	if d.gen != nil {
		p := d.gen.profile()
		if !p.hasType(t) {
			return nil, false
		}

		return p.inventory(t), true
	}

	rows, ok := d.Inventory[t]

	return rows, ok
}

// serverTypeOrder is the order OME lists a server's inventory types in.
var serverTypeOrder = []string{
	"serverDeviceCards", "serverProcessors", "serverDellVideos",
	"serverNetworkInterfaces", "serverFcCards", "serverOperatingSystems",
	"serverVirtualFlashes", "serverPowerSupplies", "serverArrayDisks",
	"serverRaidControllers", "serverMemoryDevices", "serverStorageEnclosures",
	"serverSupportedPowerStates", "deviceLicense", "deviceCapabilities",
	"deviceFru", "deviceLocation", "deviceManagement", "deviceSoftware",
	"subsystemRollupStatus",
}

// orderTypes lists the keys of inv: known types in OME order, then the
// rest sorted by name.
func orderTypes(inv map[string][]map[string]any) []string {
	out := make([]string, 0, len(inv))
	for _, t := range serverTypeOrder {
		if _, ok := inv[t]; ok {
			out = append(out, t)
		}
	}

	var rest []string
	for t := range inv {
		if !knownType(t) {
			rest = append(rest, t)
		}
	}

	sortStrings(rest)

	return append(out, rest...)
}

// knownType reports whether t is in serverTypeOrder.
func knownType(t string) bool {
	for _, k := range serverTypeOrder {
		if k == t {
			return true
		}
	}

	return false
}

// intField reads an integer field of a decoded or hand-built object.
func intField(obj map[string]any, key string) (int, bool) {
	switch v := obj[key].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), v == float64(int(v))
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	}

	return 0, false
}

// strField reads a string field; ok is false when it is null or absent.
func strField(obj map[string]any, key string) (string, bool) {
	s, ok := obj[key].(string)

	return s, ok
}

// mgmtAddresses lists DeviceManagement[].NetworkAddress of obj.
func mgmtAddresses(obj map[string]any) []string {
	var out []string
	switch list := obj["DeviceManagement"].(type) {
	case []map[string]any:
		for _, m := range list {
			if s, ok := m["NetworkAddress"].(string); ok {
				out = append(out, s)
			}
		}
	case []any:
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				if s, ok := m["NetworkAddress"].(string); ok {
					out = append(out, s)
				}
			}
		}
	}

	return out
}

// describe names d in a panic message for a bad Config.
func describe(d Device) string {
	keys := make([]string, 0, len(d.Object))
	for k := range d.Object {
		keys = append(keys, k)
	}

	return fmt.Sprintf("device with keys [%s]", strings.Join(keys, " "))
}
