package ome

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// InventoryService reads inventory.
type InventoryService struct{ c *Client }

// client returns the service's Client; nil for a nil service.
func (s *InventoryService) client() *Client {
	if s == nil {
		return nil
	}

	return s.c
}

// inventorySection is one {InventoryType, InventoryInfo} entry.
type inventorySection struct {
	InventoryType InventoryType   `json:"InventoryType"`
	InventoryInfo json.RawMessage `json:"InventoryInfo"`
}

// Get reads a device's inventory: with no types, in one request for all
// sections; with types, one request per type, a type that does not apply
// to the device (HTTP 400 with a JSON body) reading as absent. An unknown
// device (HTTP 404, whatever the MessageId) is an error matching
// ErrNotFound that names the device. A body without the value (or
// InventoryInfo) array is an error, not an empty inventory.
//
// GET /api/DeviceService/Devices(id)/InventoryDetails
// GET /api/DeviceService/Devices(id)/InventoryDetails('type')
func (s *InventoryService) Get(
	ctx context.Context, deviceID int64, types ...InventoryType,
) (*Inventory, error) {
	if err := s.client().ready("Inventory.Get"); err != nil {
		return nil, err
	}

	if len(types) == 0 {
		return s.getAll(ctx, deviceID)
	}

	inv := &Inventory{DeviceID: deviceID, Raw: map[InventoryType]json.RawMessage{}}
	for _, t := range types {
		sec, err := s.getOne(ctx, deviceID, t)
		if err != nil {
			return nil, err
		}

		if sec == nil {
			continue
		}

		if err := inv.add(sec); err != nil {
			return nil, err
		}
	}
	return inv, nil
}

// getAll reads every section in one request.
func (s *InventoryService) getAll(ctx context.Context, deviceID int64) (*Inventory, error) {
	path := devicePath(deviceID) + "/InventoryDetails"
	var p page[inventorySection]
	if err := s.c.getJSON(ctx, path, "", &p); err != nil {
		return nil, inventoryError(deviceID, "", err)
	}

	if p.Value == nil {
		return nil, noArrayError(deviceID, path, "value")
	}

	if p.Count != nil && *p.Count > len(p.items()) {
		// TODO: page through InventoryDetails if an appliance ever splits it.
		return nil, fmt.Errorf("ome: device %d: inventory has %d of %d sections: %w",
			deviceID, len(p.items()), *p.Count, ErrIncompleteListing)
	}

	inv := &Inventory{DeviceID: deviceID, Raw: map[InventoryType]json.RawMessage{}}
	for i := range p.items() {
		if err := inv.add(&p.items()[i]); err != nil {
			return nil, err
		}
	}
	return inv, nil
}

// getOne reads one section; nil, nil when it does not apply to the device.
func (s *InventoryService) getOne(
	ctx context.Context, deviceID int64, t InventoryType,
) (*inventorySection, error) {
	path := devicePath(deviceID) + "/InventoryDetails(" + quoteKey(string(t)) + ")"
	var sec inventorySection
	err := s.c.getJSON(ctx, path, "", &sec)

	var ae *APIError
	if errors.As(err, &ae) && notApplicable(ae) {
		return nil, nil
	}

	if err != nil {
		return nil, inventoryError(deviceID, t, err)
	}

	if len(sec.InventoryInfo) == 0 {
		return nil, noArrayError(deviceID, path, "InventoryInfo")
	}

	if sec.InventoryType == "" {
		sec.InventoryType = t
	}
	return &sec, nil
}

// noArrayError is a 200 answer without the array it should carry, which
// must not read as an empty inventory.
func noArrayError(deviceID int64, path, key string) error {
	return fmt.Errorf("ome: device %d: GET %s: response has no %s array; "+
		"check that the URL points at the OME appliance", deviceID, path, key)
}

// notApplicable reports whether a per-type inventory error means the type
// does not apply to the device: an HTTP 400 that OME wrote (JSON). A 404,
// even with CGEN1004, is what OME answers for an unknown device.
func notApplicable(e *APIError) bool {
	return e.StatusCode == http.StatusBadRequest && !e.notJSON
}

// inventoryError names the device (and type t, when set) in a 404, which
// means OME does not know the device; other errors pass unchanged.
func inventoryError(deviceID int64, t InventoryType, err error) error {
	if !errors.Is(err, ErrNotFound) {
		return err
	}

	what := "inventory"
	if t != "" {
		what += " " + string(t)
	}
	return fmt.Errorf("ome: %s of device %d: the device was not found "+
		"(removed, or a wrong id): %w", what, deviceID, err)
}

// add stores a section raw and, for the typed types, decoded.
func (inv *Inventory) add(sec *inventorySection) error {
	info := sec.InventoryInfo
	if len(info) == 0 || string(info) == "null" {
		info = json.RawMessage("[]")
	}

	inv.Raw[sec.InventoryType] = info
	if err := inv.decodeTyped(sec.InventoryType, info); err != nil {
		return fmt.Errorf("ome: device %d: inventory %s: %w", inv.DeviceID, sec.InventoryType, err)
	}
	return nil
}

// decodeTyped fills the typed slice of section t.
func (inv *Inventory) decodeTyped(t InventoryType, info json.RawMessage) error {
	switch t {
	case InventoryProcessors:
		return decodeSection(info, &inv.Processors)
	case InventoryMemory:
		return decodeSection(info, &inv.Memory)
	case InventorySoftware:
		return decodeSection(info, &inv.Software)
	case InventoryNetworkInterfaces:
		return decodeSection(info, &inv.NetworkInterfaces)
	case InventoryOperatingSystems:
		return decodeSection(info, &inv.OperatingSystems)
	case InventoryPowerSupplies:
		return decodeSection(info, &inv.PowerSupplies)
	case InventoryArrayDisks:
		return decodeSection(info, &inv.ArrayDisks)
	}
	return nil
}

// decodeSection decodes an InventoryInfo array; an empty array gives an
// empty, non-nil slice so that nil keeps meaning "absent".
func decodeSection[T any](info json.RawMessage, dst *[]T) error {
	v := []T{}
	if err := json.Unmarshal(info, &v); err != nil {
		return err
	}

	*dst = v
	return nil
}

// Has reports whether section t was returned, even if empty.
func (inv *Inventory) Has(t InventoryType) bool {
	_, ok := inv.Raw[t]
	return ok
}
