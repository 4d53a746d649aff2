package ome

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Capability is one entry of DeviceCapabilities. Appliances send bare
// integers (only ID is set); older documentation shows objects that also
// carry a Name and a Version.
type Capability struct {
	// ID is the capability's number.
	ID int
	// Name (such as "BIOS") and Version come only in the object form.
	Name    string
	Version string
}

// DeviceCapabilities decodes from an array of integers or of objects of
// the form {"CapabilityType": {"CapabilityId": 1, "Name": "BIOS"}, "Version": "..."}.
type DeviceCapabilities []Capability

// capabilityObject is the object form of a capability.
type capabilityObject struct {
	CapabilityType *struct {
		CapabilityID int    `json:"CapabilityId"`
		Name         string `json:"Name"`
	} `json:"CapabilityType,omitempty"`
	Version string `json:"Version,omitempty"`
}

// UnmarshalJSON accepts null, integers and objects, mixed in any order.
func (dc *DeviceCapabilities) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("ome: DeviceCapabilities: %w", err)
	}

	if raw == nil {
		*dc = nil
		return nil
	}

	out := make(DeviceCapabilities, 0, len(raw))
	for _, r := range raw {
		c, err := decodeCapability(r)
		if err != nil {
			return err
		}
		out = append(out, c)
	}
	*dc = out
	return nil
}

// decodeCapability reads one entry in either form.
func decodeCapability(r json.RawMessage) (Capability, error) {
	r = bytes.TrimSpace(r)
	if len(r) > 0 && r[0] != '{' {
		var id int
		if err := json.Unmarshal(r, &id); err != nil {
			return Capability{}, fmt.Errorf("ome: DeviceCapabilities entry %s: %w", r, err)
		}
		return Capability{ID: id}, nil
	}

	var o capabilityObject
	if err := json.Unmarshal(r, &o); err != nil {
		return Capability{}, fmt.Errorf("ome: DeviceCapabilities entry: %w", err)
	}

	c := Capability{Version: o.Version}
	if o.CapabilityType != nil {
		c.ID, c.Name = o.CapabilityType.CapabilityID, o.CapabilityType.Name
	}
	return c, nil
}

// MarshalJSON writes integers when no entry has a name or version, as
// appliances do, and the object form otherwise.
func (dc DeviceCapabilities) MarshalJSON() ([]byte, error) {
	if dc == nil {
		return []byte("null"), nil
	}

	if !dc.hasDetails() {
		ids := make([]int, len(dc))
		for i, c := range dc {
			ids[i] = c.ID
		}
		return json.Marshal(ids)
	}
	return json.Marshal(dc.objects())
}

// hasDetails reports whether any entry carries more than its id.
func (dc DeviceCapabilities) hasDetails() bool {
	for _, c := range dc {
		if c.Name != "" || c.Version != "" {
			return true
		}
	}
	return false
}

// objects converts to the object form.
func (dc DeviceCapabilities) objects() []capabilityObject {
	out := make([]capabilityObject, len(dc))
	for i, c := range dc {
		out[i].Version = c.Version
		out[i].CapabilityType = &struct {
			CapabilityID int    `json:"CapabilityId"`
			Name         string `json:"Name"`
		}{c.ID, c.Name}
	}
	return out
}

// Has reports whether the device has the capability with this id.
func (dc DeviceCapabilities) Has(id int) bool {
	for _, c := range dc {
		if c.ID == id {
			return true
		}
	}
	return false
}

// Version returns the version of the named capability (case-insensitive),
// which only the object form carries.
func (dc DeviceCapabilities) Version(name string) (string, bool) {
	for _, c := range dc {
		if c.Name != "" && strings.EqualFold(c.Name, name) {
			return c.Version, true
		}
	}
	return "", false
}
