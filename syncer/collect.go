package syncer

import (
	"context"
	"log/slog"
	"time"

	"github.com/dsmtools/omesync/dsm"
)

// batchItem is a record waiting in the batch, with the device it maps.
type batchItem struct {
	ref    deviceRef
	record dsm.Record
}

// collect counts every outcome, batches the records and sends each batch
// as it fills; in a run with hooks it takes the outcomes in listing order
// and claims their tags. When the events end it sends the last batch,
// unless ctx has ended.
func (r *run) collect(ctx context.Context, events <-chan outcome) {
	for o := range events {
		for _, due := range r.order.arrive(o) {
			r.take(ctx, due)
		}
	}

	for _, due := range r.order.rest() {
		r.take(ctx, due)
	}

	r.flush(ctx)
	r.notify(ctx)
}

// take counts one outcome that is due and batches its record.
func (r *run) take(ctx context.Context, o outcome) {
	settled := []outcome{o}
	if r.order.on {
		settled = r.settle(o)
	}

	for _, o := range settled {
		r.tally(ctx, o)
		if o.kind == outReady {
			r.batch = append(r.batch, batchItem{ref: o.ref, record: o.record})
		}
	}

	if len(r.batch) >= r.s.batchSize {
		r.flush(ctx)
	}

	r.notify(ctx)
}

// tally counts one outcome and records its problems.
func (r *run) tally(ctx context.Context, o outcome) {
	rep := r.report
	switch o.kind {
	case outFiltered:
		rep.Filtered++
		rep.FilteredBy[o.reason]++
		r.s.log.DebugContext(ctx, "device filtered",
			deviceAttrs(o.ref, slog.String("reason", o.reason))...)
	case outSkipped:
		rep.Skipped++
	case outFailed:
		rep.Failed++
	case outUnfinished:
		rep.Unfinished++
	}

	if o.kind != outNote {
		rep.Seen++
	}

	for _, p := range o.problems {
		r.addProblem(ctx, p)
	}
}

// addProblem keeps a problem and logs it: at Warn level, but for a
// device its batch took down, which is at Debug level as the batch's own
// Warn line ("batch failed") says it once for all of them.
func (r *run) addProblem(ctx context.Context, p Problem) {
	r.report.Problems = append(r.report.Problems, p)

	level := slog.LevelWarn
	if p.Kind == KindBatchFailed {
		level = slog.LevelDebug
	}

	ref := deviceRef{id: p.DeviceID, name: p.Name, tag: p.ServiceTag}
	r.s.log.Log(ctx, level, "device problem", deviceAttrs(ref,
		slog.String("kind", string(p.Kind)), slog.String("reason", p.Reason))...)
}

// deviceAttrs are the log attributes naming a device, then more.
func deviceAttrs(d deviceRef, more ...any) []any {
	return append([]any{slog.Int64("device_id", d.id), slog.String("name", d.name),
		slog.String("service_tag", d.tag)}, more...)
}

// notify gives the progress callback a snapshot. A callback that panics
// is not called again in this run: the report notes it and the log warns.
func (r *run) notify(ctx context.Context) {
	if r.s.progress == nil || r.progressOff {
		return
	}

	rep := r.report
	err := callProgress(r.s.progress, Progress{
		Seen: rep.Seen, Filtered: rep.Filtered, Skipped: rep.Skipped,
		Queued: len(r.batch), Sent: rep.Sent, Failed: rep.Failed,
		Elapsed: time.Since(r.start),
	})
	if err == nil {
		return
	}

	r.progressOff = true
	rep.Problems = append(rep.Problems, Problem{Kind: KindProgressPanicked,
		Reason: err.Error() + "; it is not called again in this run", Err: err})
	r.s.log.WarnContext(ctx, "progress callback panicked",
		slog.String("kind", string(KindProgressPanicked)), slog.Any("error", err))
}
