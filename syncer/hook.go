package syncer

import (
	"context"
	"errors"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// Hook adjusts the record of one device after the default mapping. It gets
// the device, its inventory (nil when unavailable) and the record, which it
// may change or extend through rec.Extra, but not its DeviceID; a standard
// field it sets to "" or a number of 0 or less is left out of the record
// (KindHookEmptyField), as DSM would store it over a good value. It returns
// Skip(reason) to leave the device out; any other error fails that device
// alone, and so does a panic (its error is a *PanicError), a changed
// DeviceID or a record that does not encode. Hooks run in the order given,
// from several goroutines at once, and only on devices whose listed service
// tag is usable (see the package documentation, Hooks).
type Hook func(ctx context.Context, d *ome.Device, inv *ome.Inventory, rec *dsm.Record) error

// ErrSkip is matched (with errors.Is) by the errors of Skip.
var ErrSkip = errors.New("skipped by hook")

// SkipError is a hook's decision to leave a device out.
type SkipError struct {
	// Reason says why, in words; it is the Reason of the device's
	// KindHookSkipped problem and appears in the log.
	Reason string
}

// Skip returns the error a hook returns to leave a device out, with the
// reason the report shows.
func Skip(reason string) error { return &SkipError{Reason: reason} }

// Error returns the reason.
func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// Is matches ErrSkip.
func (e *SkipError) Is(target error) bool { return target == ErrSkip }

// skipReason is the reason of a SkipError in err's chain, or err's text.
func skipReason(err error) string {
	var s *SkipError
	if errors.As(err, &s) {
		return s.Reason
	}

	return err.Error()
}

// callHook runs h and turns a panic into a *PanicError.
func callHook(ctx context.Context, h Hook, d *ome.Device, inv *ome.Inventory,
	rec *dsm.Record) (err error) {
	defer catch(PanicInHook, &err)

	return h(ctx, d, inv, rec)
}
