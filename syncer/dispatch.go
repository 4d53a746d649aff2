package syncer

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// outcomeKind is what became of a device, or a note about one.
type outcomeKind int

const (
	outNote outcomeKind = iota // problems only; the device is still on its way
	outFiltered
	outSkipped
	outFailed
	outReady
	outUnfinished
)

// outcome travels from the lister and the workers to the collector.
// Every device listed gets exactly one outcome that is not a note, which
// carries the device's number in listing order.
type outcome struct {
	kind     outcomeKind
	seq      int
	ref      deviceRef
	reason   string
	record   dsm.Record
	problems []Problem
	// retagged is true for a record whose tag a hook set.
	retagged bool
	// holds is true for a device that failed in its hooks: it keeps its
	// listed tag, as its record might carry it next run.
	holds bool
}

// job is a device on its way to a worker, with its checked tag and its
// number in listing order.
type job struct {
	device ome.Device
	tag    string
	seq    int
}

// claims remembers which device holds each service tag in this run.
type claims struct {
	mu   sync.Mutex
	tags map[string]deviceRef
}

// claim gives tag to d, or returns the other device that already holds
// it. A device may claim its own tag again: a hook may write it in another
// form. Run lists each device id once, so another holder is another device.
func (c *claims) claim(tag string, d deviceRef) (deviceRef, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if first, taken := c.tags[tag]; taken && first.id != d.id {
		return first, true
	}

	c.tags[tag] = d

	return deviceRef{}, false
}

// dispatch filters a listed device, checks its tag and hands it to a
// worker, or gives its outcome at once. Without hooks it also claims the
// tag, which no one can change then; with hooks the collector does.
func (r *run) dispatch(d ome.Device, seq int, jobs chan<- job, events chan<- outcome) {
	ref := refOf(&d)
	if o, out := r.screen(&d, ref); out {
		o.seq = seq
		events <- o
		return
	}

	tag, err := CheckServiceTag(d.DeviceServiceTag)
	if err != nil {
		p := ref.problem(KindUnusableServiceTag, err.Error()+"; the device is not sent", err)
		events <- outcome{kind: outSkipped, seq: seq, ref: ref, problems: []Problem{p}}
		return
	}

	ref.tag = tag
	if !r.order.on {
		if first, dup := r.claims.claim(tag, ref); dup {
			skip, note := duplicate(ref, first, false)
			skip.seq = seq
			events <- skip
			events <- note
			return
		}
	}

	jobs <- job{device: d, tag: tag, seq: seq}
}

// screen runs the filters on a listed device and returns the outcome of
// one that does not pass them, or whose filter panicked (a panic fails
// that device alone, which holds no tag then).
func (r *run) screen(d *ome.Device, ref deviceRef) (outcome, bool) {
	ok, why, err := match(r.filter, d)
	switch {
	case err != nil:
		return panicked(ref, err, false), true
	case !ok:
		return outcome{kind: outFiltered, ref: ref, reason: why}, true
	}

	return outcome{}, false
}

// duplicate is the outcome of a device whose tag another device already
// holds, which is skipped, and the note on the first one, which is kept.
// retagged says that a hook set the later one's tag.
func duplicate(later, first deviceRef, retagged bool) (skip, note outcome) {
	why := fmt.Sprintf("device %d (%s) has the same service tag; "+
		"that one is kept and this one is not sent", first.id, first.name)
	if retagged {
		why = fmt.Sprintf("the hook set the service tag of device %d (%s); "+
			"that one is kept and this one is not sent", first.id, first.name)
	}

	p := later.problem(KindDuplicateServiceTag, why, nil)
	p.RelatedDeviceID = first.id

	n := first.problem(KindDuplicateServiceTag, fmt.Sprintf(
		"device %d (%s) has the same service tag and is not sent; this one is kept",
		later.id, later.name), nil)
	n.RelatedDeviceID = later.id

	return outcome{kind: outSkipped, ref: later, problems: []Problem{p}},
		outcome{kind: outNote, ref: first, problems: []Problem{n}}
}

// settle claims, in listing order, the tag of a device that hooks ran on:
// a record takes the tag it carries, or is skipped when a device listed
// before it holds that tag (which then gets a note, returned too); a
// device whose hooks failed keeps its listed tag when it is free.
func (r *run) settle(o outcome) []outcome {
	switch {
	case o.kind == outReady:
		if first, dup := r.claims.claim(o.ref.tag, o.ref); dup {
			skip, note := duplicate(o.ref, first, o.retagged)
			skip.seq, skip.problems = o.seq, append(o.problems, skip.problems...)
			return []outcome{skip, note}
		}
	case o.kind == outFailed && o.holds:
		r.claims.claim(o.ref.tag, o.ref)
	}

	return []outcome{o}
}

// process reads a device's inventory, maps it and runs the hooks.
func (r *run) process(ctx context.Context, j job) outcome {
	ref := jobRef(j)
	if ctx.Err() != nil {
		return outcome{kind: outUnfinished, ref: ref}
	}

	inv, err := readInventory(ctx, r.s.src, &j.device)
	var pe *PanicError
	if errors.As(err, &pe) {
		return panicked(ref, err, true)
	}

	if err != nil && ctx.Err() != nil {
		return outcome{kind: outUnfinished, ref: ref}
	}

	var notes []Problem
	if err != nil {
		inv = nil
		notes = append(notes, ref.problem(KindInventoryFailed, fmt.Sprintf(
			"inventory request failed; sent with the fields of the device list: %v", err), err))
	}

	rec, problems := Map(&j.device, inv)

	return r.hook(ctx, &j.device, inv, rec, ref, append(notes, problems...))
}

// hook runs the hooks on a mapped record and checks what they leave: the
// same device_id, a record that encodes, and a usable service tag.
func (r *run) hook(ctx context.Context, d *ome.Device, inv *ome.Inventory, rec dsm.Record,
	ref deviceRef, notes []Problem) outcome {
	id := rec.DeviceID
	for _, h := range r.s.hooks {
		if err := callHook(ctx, h, d, inv, &rec); err != nil {
			return hookOutcome(ref, err, notes)
		}
	}

	if len(r.s.hooks) > 0 {
		notes = append(notes, clearUnknown(&rec, ref)...)
	}

	if err := checkHooked(rec, id); err != nil {
		return hookOutcome(ref, err, notes)
	}

	if rec.ServiceTag != ref.tag {
		return retag(rec, ref, notes)
	}

	return outcome{kind: outReady, ref: ref, record: rec, problems: notes}
}

// hookOutcome is the outcome of a device a hook skipped or failed. A
// skipped device gives up its tag; a failed one keeps it.
func hookOutcome(ref deviceRef, err error, notes []Problem) outcome {
	if errors.Is(err, ErrSkip) {
		p := ref.problem(KindHookSkipped, skipReason(err), err)
		return outcome{kind: outSkipped, ref: ref, problems: append(notes, p)}
	}

	p := ref.problem(KindHookFailed,
		"mapping hook failed; the device is not sent: "+err.Error(), err)

	return outcome{kind: outFailed, ref: ref, problems: append(notes, p), holds: true}
}

// retag checks a service tag that a hook changed. The collector claims
// it (settle), in listing order; the listed tag is not claimed.
func retag(rec dsm.Record, ref deviceRef, notes []Problem) outcome {
	tag, err := CheckServiceTag(rec.ServiceTag)
	changed := tag != ref.tag
	ref.tag = tag
	if err != nil {
		p := ref.problem(KindUnusableServiceTag, "the hook set an "+err.Error()+
			"; the device is not sent", err)
		return outcome{kind: outSkipped, ref: ref, problems: append(notes, p)}
	}

	rec.ServiceTag = tag

	return outcome{kind: outReady, ref: ref, record: rec, problems: notes, retagged: changed}
}
