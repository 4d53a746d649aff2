package dsm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ErrExtraField: a key of Record.Extra is empty or names a standard field.
var ErrExtraField = errors.New("dsm: bad extra field")

// Record is one server as the sync endpoint takes it. A nil pointer means
// "unknown in this run" and is left out of the JSON, so that DSM keeps the
// value it holds: unknown is never sent as 0 or "". Extra fields travel in
// the same JSON object.
type Record struct {
	// DeviceID is the OME device id in decimal; not blank. Answers and
	// RecordError name a record by it.
	DeviceID string `json:"device_id"`
	// ServiceTag is the server's service tag; not blank. DSM upserts by
	// it and links the server to the vCenter host with that serial number.
	ServiceTag string `json:"service_tag"`
	// Model is the server model, such as "PowerEdge R650".
	Model *string `json:"model,omitempty"`
	// Hostname is the server's host name.
	Hostname *string `json:"hostname,omitempty"`
	// IPAddress is the server's management IP address, IPv4 or IPv6.
	IPAddress *string `json:"ip_address,omitempty"`
	// BIOSVersion is the installed BIOS version.
	BIOSVersion *string `json:"bios_version,omitempty"`
	// IDRACFirmware is the installed iDRAC firmware version.
	IDRACFirmware *string `json:"idrac_firmware,omitempty"`
	// CPUCount is the number of processors (sockets), not of cores.
	CPUCount *int `json:"cpu_count,omitempty"`
	// MemoryGB is the installed memory in whole GB.
	MemoryGB *int `json:"memory_gb,omitempty"`

	// Extra holds fields added by a mapping hook; a key that names one of
	// the fields above, an empty key, or a value JSON cannot encode (NaN,
	// an infinity, a channel, a function) is an error when the record is
	// encoded.
	Extra map[string]any `json:"-"`
}

// RecordError is a record that cannot be sent: Validate and MarshalJSON
// return it, and Sync fails such a record alone, in a FailedBatch of its
// own, and sends the others. It unwraps to the reason, which matches
// ErrExtraField for a bad Extra key.
type RecordError struct {
	// DeviceID and ServiceTag are the record's, as given.
	DeviceID   string
	ServiceTag string
	// Err is why the record cannot be sent.
	Err error
}

// Error names the device, its service tag and the reason.
func (e *RecordError) Error() string {
	return fmt.Sprintf("dsm: record of device %q (service tag %q) cannot be sent: %s",
		e.DeviceID, e.ServiceTag, strings.TrimPrefix(e.Err.Error(), "dsm: "))
}

// Unwrap returns the reason.
func (e *RecordError) Unwrap() error { return e.Err }

// Validate reports whether the record can be sent: its device id and
// service tag are not blank (the function refuses a whole request
// otherwise), and its Extra fields encode (see Record.Extra). The error
// is a *RecordError. Sync checks every record this way before batching;
// a caller can check a record earlier, for example right after a mapping
// hook changed it.
func (r Record) Validate() error {
	_, err := r.encode()
	return err
}

// encode checks the record and returns its JSON, or a *RecordError.
func (r Record) encode() ([]byte, error) {
	switch {
	case strings.TrimSpace(r.DeviceID) == "":
		return nil, r.fail(errors.New("its device id is empty"))
	case strings.TrimSpace(r.ServiceTag) == "":
		return nil, r.fail(errors.New("its service tag is empty"))
	}

	return r.MarshalJSON()
}

// fail wraps a reason in a *RecordError for r.
func (r Record) fail(err error) error {
	return &RecordError{DeviceID: r.DeviceID, ServiceTag: r.ServiceTag, Err: err}
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
// order, in one JSON object. A bad Extra key or value is a *RecordError.
func (r Record) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(recordFields(r))
	if err != nil || len(r.Extra) == 0 {
		return base, err
	}

	extra, err := r.encodeExtra()
	if err != nil {
		return nil, r.fail(err)
	}

	return joinObjects(base, extra), nil
}

// encodeExtra encodes Extra as a JSON object in sorted key order,
// rejecting empty keys, keys that name a standard field, and values JSON
// cannot encode; the error names the key.
func (r Record) encodeExtra() ([]byte, error) {
	keys := slices.Sorted(maps.Keys(r.Extra))
	out := []byte{'{'}
	for i, k := range keys {
		if err := checkExtraKey(k); err != nil {
			return nil, err
		}

		v, err := json.Marshal(r.Extra[k])
		if err != nil {
			return nil, fmt.Errorf("extra field %q: %w", k, err)
		}

		name, _ := json.Marshal(k)
		if i > 0 {
			out = append(out, ',')
		}

		out = append(append(append(out, name...), ':'), v...)
	}

	return append(out, '}'), nil
}

// checkExtraKey rejects an empty key and one that names a standard field.
func checkExtraKey(k string) error {
	if k == "" {
		return fmt.Errorf("%w: an empty key in Extra", ErrExtraField)
	}

	if standardKeys[k] {
		return fmt.Errorf("%w: Extra key %q names a standard field; set the field instead",
			ErrExtraField, k)
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
