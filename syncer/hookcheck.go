package syncer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/dsmtools/omesync/dsm"
)

// errDeviceIDChanged is the failure of a hook that changed device_id.
var errDeviceIDChanged = errors.New("a hook may not change device_id")

// checkHooked checks a record the hooks left: its device_id is still id
// (the report and the sink's answers are matched by it), and it encodes
// by dsm.Record's own rules. The error names the Extra field at fault.
func checkHooked(rec dsm.Record, id string) error {
	if rec.DeviceID != id {
		return fmt.Errorf("%w (it set %q for %q)", errDeviceIDChanged, rec.DeviceID, id)
	}

	if _, err := json.Marshal(rec); err != nil {
		return fmt.Errorf("the record cannot be encoded%s: %w", badExtraField(rec), marshalCause(err))
	}

	return nil
}

// marshalCause is the error of a MarshalJSON method that err wraps, else
// err: the record's own reason reads better without encoding/json's prefix.
func marshalCause(err error) error {
	var me *json.MarshalerError
	if errors.As(err, &me) && me.Err != nil {
		return me.Err
	}

	return err
}

// badExtraField names the first Extra field, in key order, that does not
// encode in a record of its own, as " (extra field "k")"; "" when none
// does alone.
func badExtraField(rec dsm.Record) string {
	for _, k := range slices.Sorted(maps.Keys(rec.Extra)) {
		one := dsm.Record{DeviceID: rec.DeviceID, ServiceTag: rec.ServiceTag,
			Extra: map[string]any{k: rec.Extra[k]}}
		if _, err := json.Marshal(one); err != nil {
			return fmt.Sprintf(" (extra field %q)", k)
		}
	}

	return ""
}
