package syncer

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// What panicked, as PanicError.Op names it.
const (
	PanicInHook      = "hook"
	PanicInFilter    = "filter"
	PanicInInventory = "inventory"
	// PanicInMapping is the mapping of a device or the check of the
	// record its hooks left (a MarshalJSON of an Extra value, say).
	PanicInMapping = "mapping"
	// PanicInListing is the source's Devices iterator.
	PanicInListing = "listing"
	// PanicInSink is the sink's Send or Check.
	PanicInSink = "sink"
	// PanicInProgress is the WithProgress callback.
	PanicInProgress = "progress"
)

// PanicError is the error of code that panicked during a run. A hook
// (the device fails as KindHookFailed), a filter's Match, a source's
// Inventory or the mapping (the device fails as KindPanicked) fail one
// device, and the run goes on. A sink's Send fails its batch
// (KindBatchFailed) and stops the run; the source's Devices iterator
// ends the listing as a failed listing does; the progress callback is
// not called again (KindProgressPanicked).
type PanicError struct {
	// Op is what panicked: one of the PanicIn constants. An empty Op reads
	// as a hook, the only code recovered before.
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

// jobRef names the device of a job, with its checked tag.
func jobRef(j job) deviceRef {
	ref := refOf(&j.device)
	ref.tag = j.tag

	return ref
}

// work processes a job. A panic that no narrower guard caught (in the
// mapping, or in a MarshalJSON of what the hooks left) fails that device
// alone, as KindPanicked; it keeps its tag, as it passed the filters.
func (r *run) work(ctx context.Context, j job) (o outcome) {
	var err error
	defer func() {
		if err != nil {
			o = panicked(jobRef(j), err, true)
		}
	}()
	defer catch(PanicInMapping, &err)

	return r.process(ctx, j)
}

// listGuarded is list with a panic (of the source's Devices iterator,
// say) turned into the listing's error, so that the workers and the
// collector end as after a failed listing.
func (r *run) listGuarded(ctx context.Context, jobs chan<- job,
	events chan<- outcome) (err error) {
	defer func() {
		if v := recover(); v != nil {
			pe := &PanicError{Op: PanicInListing, Value: v, Stack: debug.Stack()}
			err = fmt.Errorf("syncer: list devices: %w", pe)
		}
	}()

	return r.list(ctx, jobs, events)
}

// send hands records to the sink; a panic in its Send is a *PanicError.
func send(ctx context.Context, sink Sink, records []dsm.Record,
	manual bool) (res *dsm.SyncResult, err error) {
	defer catch(PanicInSink, &err)

	return sink.Send(ctx, records, manual)
}

// checkSafely runs the sink's Check; a panic in it is a *PanicError.
func checkSafely(ctx context.Context, c SinkChecker) (err error) {
	defer catch(PanicInSink, &err)

	return c.Check(ctx)
}

// sinkPanicked reports whether err is a panic of the sink.
func sinkPanicked(err error) bool {
	var pe *PanicError

	return errors.As(err, &pe) && pe.Op == PanicInSink
}

// callProgress gives fn a snapshot; a panic in fn is a *PanicError.
func callProgress(fn func(Progress), p Progress) (err error) {
	defer catch(PanicInProgress, &err)

	fn(p)

	return nil
}
