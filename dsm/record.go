package dsm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// ErrExtraField: a key of Record.Extra is empty or names a standard field.
var ErrExtraField = errors.New("dsm: bad extra field")

// Record is one server as the sync endpoint takes it. A nil pointer means
// "unknown in this run" and is left out of the JSON, so that DSM keeps the
// value it holds: unknown is never sent as 0 or "". Extra fields travel in
// the same JSON object.
type Record struct {
	DeviceID      string  `json:"device_id"`
	ServiceTag    string  `json:"service_tag"`
	Model         *string `json:"model,omitempty"`
	Hostname      *string `json:"hostname,omitempty"`
	IPAddress     *string `json:"ip_address,omitempty"`
	BIOSVersion   *string `json:"bios_version,omitempty"`
	IDRACFirmware *string `json:"idrac_firmware,omitempty"`
	CPUCount      *int    `json:"cpu_count,omitempty"`
	MemoryGB      *int    `json:"memory_gb,omitempty"`

	// Extra holds fields added by a mapping hook; a key that names one of
	// the fields above, or an empty key, is an error when the record is
	// encoded.
	Extra map[string]any `json:"-"`
}

// recordFields is the record without its methods, for the default codec.
type recordFields Record

// standardKeys are the JSON names of Record's own fields.
var standardKeys = map[string]bool{
	"device_id": true, "service_tag": true, "model": true, "hostname": true,
	"ip_address": true, "bios_version": true, "idrac_firmware": true,
	"cpu_count": true, "memory_gb": true,
}

// MarshalJSON writes the standard fields, then the Extra keys in sorted
// order, in one JSON object.
func (r Record) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(recordFields(r))
	if err != nil || len(r.Extra) == 0 {
		return base, err
	}

	if err := r.checkExtra(); err != nil {
		return nil, err
	}

	extra, err := json.Marshal(r.Extra)
	if err != nil {
		return nil, fmt.Errorf("dsm: record %s: extra fields: %w", r.ServiceTag, err)
	}

	return joinObjects(base, extra), nil
}

// checkExtra rejects empty keys and keys that name a standard field.
func (r Record) checkExtra() error {
	keys := make([]string, 0, len(r.Extra))
	for k := range r.Extra {
		keys = append(keys, k)
	}

	sort.Strings(keys)
	for _, k := range keys {
		if k == "" {
			return fmt.Errorf("%w: record %s has an empty key in Extra", ErrExtraField, r.ServiceTag)
		}

		if standardKeys[k] {
			return fmt.Errorf("%w: record %s: Extra key %q names a standard field; set the field instead",
				ErrExtraField, r.ServiceTag, k)
		}
	}

	return nil
}

// joinObjects merges two encoded, non-empty JSON objects.
func joinObjects(a, b []byte) []byte {
	out := bytes.TrimSuffix(bytes.TrimSpace(a), []byte("}"))
	out = append(out, ',')

	return append(out, bytes.TrimPrefix(bytes.TrimSpace(b), []byte("{"))...)
}

// UnmarshalJSON reads the standard fields and puts every other key into
// Extra.
func (r *Record) UnmarshalJSON(data []byte) error {
	var f recordFields
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}

	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}

	for k, raw := range all {
		if standardKeys[k] {
			continue
		}

		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}

		if f.Extra == nil {
			f.Extra = map[string]any{}
		}

		f.Extra[k] = v
	}

	*r = Record(f)

	return nil
}
