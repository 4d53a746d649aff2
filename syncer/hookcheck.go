package syncer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

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
		return fmt.Errorf("the record cannot be encoded%s: %w", badExtraField(rec),
			marshalCause(err))
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

// clearUnknown sets back to nil each standard field that the hooks left
// at "" (after trimming) or at a number of 0 or less: an unknown value,
// which DSM would store over the good one it holds. Each such field is
// noted on the device (KindHookEmptyField). Extra fields are the hook
// author's business and are left as they are.
func clearUnknown(rec *dsm.Record, ref deviceRef) []Problem {
	cleared := []string{
		clearText("model", &rec.Model), clearText("hostname", &rec.Hostname),
		clearText("ip_address", &rec.IPAddress), clearText("bios_version", &rec.BIOSVersion),
		clearText("idrac_firmware", &rec.IDRACFirmware),
		clearCount("cpu_count", &rec.CPUCount), clearCount("memory_gb", &rec.MemoryGB),
	}

	var notes []Problem
	for _, what := range cleared {
		if what != "" {
			notes = append(notes, ref.problem(KindHookEmptyField, "a hook set "+what+
				", an unknown value; the field is left out, so that DSM keeps what it holds", nil))
		}
	}

	return notes
}

// clearText sets *v to nil when it holds "" or only white space, and
// says what it held (`model to ""`); "" when it is left.
func clearText(name string, v **string) string {
	if *v == nil || strings.TrimSpace(**v) != "" {
		return ""
	}

	what := fmt.Sprintf("%s to %q", name, **v)
	*v = nil

	return what
}

// clearCount sets *v to nil when it holds 0 or less, and says what it
// held ("cpu_count to 0"); "" when it is left.
func clearCount(name string, v **int) string {
	if *v == nil || **v > 0 {
		return ""
	}

	what := fmt.Sprintf("%s to %d", name, **v)
	*v = nil

	return what
}
