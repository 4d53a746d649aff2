package syncer

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/dsmtools/omesync/ome"
)

// What panicked, as PanicError.Op names it.
const (
	PanicInHook      = "hook"
	PanicInFilter    = "filter"
	PanicInInventory = "inventory"
)

// PanicError is the error of user code that panicked during a run: a hook
// (the device fails as KindHookFailed), a filter's Match or a source's
// Inventory (the device fails as KindPanicked). Only that device fails;
// the run goes on.
type PanicError struct {
	// Op is what panicked: PanicInHook, PanicInFilter or PanicInInventory.
	// An empty Op reads as a hook, the only code recovered before.
	Op string
	// Value is what the code panicked with.
	Value any
	// Stack is the stack of the goroutine that panicked.
	Stack []byte
}

// Error names what panicked and the panic value.
func (e *PanicError) Error() string {
	op := e.Op
	if op == "" {
		op = PanicInHook
	}

	return fmt.Sprintf("%s panicked: %v", op, e.Value)
}

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)

	return err
}

// catch turns a panic of the function that defers it into a *PanicError
// in *err, naming op. It must be deferred directly, so that recover works.
func catch(op string, err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Op: op, Value: v, Stack: debug.Stack()}
	}
}

// match runs the filter on d; a panic in it is a *PanicError.
func match(f Filter, d *ome.Device) (ok bool, why string, err error) {
	defer catch(PanicInFilter, &err)

	ok, why = f.Match(d)

	return ok, why, nil
}

// readInventory reads d's inventory from src; a panic in the source's
// Inventory is a *PanicError.
func readInventory(ctx context.Context, src Source, d *ome.Device) (inv *ome.Inventory,
	err error) {
	defer catch(PanicInInventory, &err)

	return src.Inventory(ctx, d)
}

// panicked is the outcome of a device whose filter or inventory call
// panicked: it fails alone. holds says whether it keeps its listed tag
// (see outcome.holds), which a device that passed the filters does.
func panicked(ref deviceRef, err error, holds bool) outcome {
	p := ref.problem(KindPanicked, err.Error()+"; the device is not sent", err)

	return outcome{kind: outFailed, ref: ref, problems: []Problem{p}, holds: holds}
}
