package syncer

import (
	"context"
	"maps"
	"slices"
)

// order puts the outcomes of a run with hooks back in listing order
// before the collector counts them, so that which of two devices with one
// service tag is kept depends on the listing alone, never on which hook
// finished first: a hook may change a device's tag, so a device's claim
// waits for every device listed before it. Without hooks the lister
// claims the tags itself and order does nothing.
//
// The lister numbers the devices it lists (admit) and may run at most
// ahead devices past the oldest one not yet counted, which bounds the
// outcomes held while a slow device is read.
type order struct {
	on bool
	// next is the lister's next number.
	next int
	// window holds a token per device admitted and not yet counted.
	window chan struct{}
	// due is the collector's next number to count; held keeps the
	// outcomes that came before their turn.
	due  int
	held map[int]outcome
}

// newOrder returns the order of a run; on is true when hooks may change
// service tags.
func newOrder(on bool, ahead int) *order {
	o := &order{on: on, held: map[int]outcome{}}
	if on {
		o.window = make(chan struct{}, ahead)
	}

	return o
}

// admit numbers the next device listed and, in order, waits until it may
// run ahead. It is false when ctx ended: the device is then not dispatched.
func (o *order) admit(ctx context.Context) (int, bool) {
	seq := o.next
	o.next++
	if ctx.Err() != nil {
		return seq, false
	}

	if !o.on {
		return seq, true
	}

	select {
	case o.window <- struct{}{}:
		return seq, true
	case <-ctx.Done():
		return seq, false
	}
}

// arrive takes an outcome and returns those now due, in listing order.
// Notes and the outcomes of a run without order are due at once.
func (o *order) arrive(oc outcome) []outcome {
	if !o.on || oc.kind == outNote {
		return []outcome{oc}
	}

	o.held[oc.seq] = oc
	var due []outcome
	for {
		next, ok := o.held[o.due]
		if !ok {
			return due
		}

		delete(o.held, o.due)
		o.due++
		o.release()
		due = append(due, next)
	}
}

// rest returns the outcomes still held when the events end, in listing
// order. Every device listed has an outcome, so there are none unless a
// number was skipped.
func (o *order) rest() []outcome {
	var out []outcome
	for _, seq := range slices.Sorted(maps.Keys(o.held)) {
		out = append(out, o.held[seq])
		delete(o.held, seq)
	}

	return out
}

// release frees a token of the window. A device admitted after ctx ended
// took none, so the release does not wait.
func (o *order) release() {
	select {
	case <-o.window:
	default:
	}
}
