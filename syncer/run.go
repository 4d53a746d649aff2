package syncer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/dsmtools/omesync/ome"
)

// closeTimeout bounds logging out of the source after a run, which happens
// even when the run's context is cancelled.
const closeTimeout = 10 * time.Second

// Run syncs once: it lists the source's devices, filters them, reads the
// inventory of the rest through a pool of WithConcurrency workers, maps
// them, runs the hooks and sends the records in batches as they fill.
//
// Failures of one device or one batch are in the report, not in the error.
// Before anything else, a sink that is a SinkChecker is checked (not in a
// dry run): for DSMSink, an expired token or a refused sign-in fails the
// run before any OME request.
//
// The error is non-nil when the run could not finish: ctx had ended
// before the call (nothing is read or sent), the sink's check failed, a
// filter could not be prepared, the listing failed, ctx ended (the report
// then covers what was done), the sink panicked, or the sink failed in a
// way every later batch would share (dsm.StopsRun: a refused or expired
// token, a token source that failed, no function at the URL, DSM
// unreachable, a resource limit hit by one record). The report is never
// nil. Run on a nil *Syncer, or one not made by New, returns an error.
//
// Closing the source (logging out of OME) comes after the work: when it
// fails, the report has a problem of kind KindCloseFailed and the failure
// is logged at Warn level, but a run that finished its work still returns
// a nil error (Report.Incomplete does not count it either, as every device
// was synced). Only when the run failed anyway is the close error joined
// into Run's error. The source is closed even when Run panics: code the
// run calls is guarded (see PanicError), and a panic from anywhere else
// still goes up to the caller, after the close.
func (s *Syncer) Run(ctx context.Context) (*Report, error) {
	if s == nil || s.src == nil {
		return &Report{FilteredBy: map[string]int{}},
			errors.New("syncer: Run on a Syncer not made by New; use syncer.New")
	}

	r := s.newRun()
	before := s.requestCounts()
	s.log.InfoContext(ctx, "sync started", slog.Bool("dry_run", s.dryRun != nil),
		slog.Int("concurrency", s.concurrency), slog.Int("batch_size", s.batchSize))

	done := false
	defer s.closeUnlessDone(ctx, &done)

	err := r.execute(ctx)
	done = true
	if cerr := s.closeSource(ctx); cerr != nil {
		r.closeFailed(ctx, cerr)
		if err != nil {
			err = errors.Join(err, cerr)
		}
	}

	r.finish(ctx, before, err)

	return r.report, err
}

// closeUnlessDone closes the source when Run did not get to it because
// a panic is on its way up to the caller: the session is logged out first.
func (s *Syncer) closeUnlessDone(ctx context.Context, done *bool) {
	if !*done {
		_ = s.closeSource(ctx)
	}
}

// closeFailed records and logs a source that could not be closed.
func (r *run) closeFailed(ctx context.Context, err error) {
	r.report.Problems = append(r.report.Problems, Problem{Kind: KindCloseFailed,
		Reason: err.Error() + "; the OME session stays open until it idles out " +
			"(30 minutes by default): check OME's API sessions, as a user may hold " +
			"only a few at once (CURS1209)",
		Err: err})
	r.s.log.WarnContext(ctx, "close failed", slog.String("kind", string(KindCloseFailed)),
		slog.Any("error", err))
}

// run is the state of one Run. Only the collecting goroutine touches
// report, batch and order's queue; only the lister order's counter.
type run struct {
	s      *Syncer
	sink   Sink
	filter Filter
	// claims holds the service tags taken: by the lister when no hook may
	// change a tag, else by the collector in listing order.
	claims claims
	order  *order
	start  time.Time
	report *Report
	batch  []batchItem
	// stop ends the run early with a cause, for a sink that refuses all.
	stop context.CancelCauseFunc
	// progressOff is set when the progress callback panicked.
	progressOff bool
}

// deviceRef names a device in problems and logs.
type deviceRef struct {
	id   int64
	name string
	tag  string
}

// problem makes a problem of this device.
func (d deviceRef) problem(kind ProblemKind, reason string, err error) Problem {
	return Problem{DeviceID: d.id, Name: d.name, ServiceTag: d.tag,
		Kind: kind, Reason: reason, Err: err}
}

// newRun sets up the state of one run: the sink (JSON lines in a dry
// run), the whole filter and an empty report.
func (s *Syncer) newRun() *run {
	sink := s.sink
	if s.dryRun != nil {
		sink = JSONLinesSink(s.dryRun)
	}

	return &run{
		s: s, sink: sink, filter: s.filter(),
		claims: claims{tags: map[string]deviceRef{}},
		order:  newOrder(len(s.hooks) > 0, s.batchSize+4*s.concurrency),
		start:  time.Now(),
		report: &Report{DryRun: s.dryRun != nil, FilteredBy: map[string]int{}},
	}
}

// execute checks the sink, prepares the filters and runs the pipeline.
// A ctx that has already ended starts nothing.
func (r *run) execute(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("syncer: run not started: %w", err)
	}

	if err := r.checkSink(ctx); err != nil {
		return err
	}

	if err := prepareAll(ctx, r.s.src, []Filter{r.filter}); err != nil {
		return err
	}

	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)

	r.stop = stop
	events := make(chan outcome, 2*r.s.concurrency)
	var listErr error
	go func() {
		listErr = r.produce(ctx, events)
		close(events)
	}()

	r.collect(ctx, events)

	if ctx.Err() != nil {
		return fmt.Errorf("syncer: run stopped early: %w", context.Cause(ctx))
	}

	return listErr
}

// checkSink asks a SinkChecker whether it would take batches, before the
// source is touched; a dry run posts nothing, so it is not asked.
func (r *run) checkSink(ctx context.Context) error {
	c, ok := r.s.sink.(SinkChecker)
	if !ok || r.s.dryRun != nil {
		return nil
	}

	if err := checkSafely(ctx, c); err != nil {
		return fmt.Errorf("syncer: the sink cannot take records, so nothing was read "+
			"from the source: %w", err)
	}

	return nil
}

// produce lists the devices and feeds the workers, and returns when every
// device listed has an outcome.
func (r *run) produce(ctx context.Context, events chan<- outcome) error {
	jobs := make(chan job, r.s.concurrency)
	var wg sync.WaitGroup
	for range r.s.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				o := r.work(ctx, j)
				o.seq = j.seq
				events <- o
			}
		}()
	}

	err := r.listGuarded(ctx, jobs, events)
	close(jobs)
	wg.Wait()

	return err
}

// list reads the source's devices and dispatches each one, once: a device
// listed again is noted, not dispatched, and one the source could not
// decode fails alone. When the listing ends it logs how many distinct
// devices it gave.
func (r *run) list(ctx context.Context, jobs chan<- job, events chan<- outcome) error {
	listed := map[int64]bool{}
	repeats, unreadable := 0, 0
	for d, err := range r.s.src.Devices(ctx) {
		var de *ome.DeviceDecodeError
		if errors.As(err, &de) {
			unreadable++
			o := undecodable(de, err)
			o.seq, _ = r.order.admit(ctx)
			events <- o
			continue
		}

		if err != nil {
			return fmt.Errorf("syncer: list devices: %w", err)
		}

		if listed[d.ID] {
			repeats++
			events <- repeated(refOf(&d))
			continue
		}

		listed[d.ID] = true
		seq, ok := r.order.admit(ctx)
		if !ok {
			events <- outcome{kind: outUnfinished, ref: refOf(&d), seq: seq}
			return nil
		}

		r.dispatch(d, seq, jobs, events)
	}

	r.s.log.InfoContext(ctx, "listing finished", slog.Int("devices", len(listed)+unreadable),
		slog.Int("repeats", repeats), slog.Int("unreadable", unreadable))

	return nil
}

// undecodable is the outcome of a device the source listed but could not
// decode: it fails, named by its Id when that reads as a number (the
// error names the entry either way).
func undecodable(de *ome.DeviceDecodeError, err error) outcome {
	ref := deviceRef{}
	ref.id, _ = decodeErrorID(de)

	p := ref.problem(KindUnreadableDevice,
		"the device list entry could not be read, so the device is not sent: "+err.Error(), err)

	return outcome{kind: outFailed, ref: ref, problems: []Problem{p}}
}

// repeated is the note on a device the source listed again.
func repeated(ref deviceRef) outcome {
	p := ref.problem(KindRepeatedDevice, fmt.Sprintf("the source listed device %d again; "+
		"the repeat is ignored and the device counted and sent once", ref.id), nil)

	return outcome{kind: outNote, ref: ref, problems: []Problem{p}}
}

// refOf names a listed device.
func refOf(d *ome.Device) deviceRef {
	return deviceRef{id: d.ID, name: d.DeviceName, tag: NormalizeServiceTag(d.DeviceServiceTag)}
}

// closeSource logs out of the source, even when ctx is cancelled.
func (s *Syncer) closeSource(ctx context.Context) error {
	c, ok := s.src.(Closer)
	if !ok {
		return nil
	}

	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()

	if err := c.Close(cctx); err != nil {
		return fmt.Errorf("syncer: close the source (log out of OME): %w", err)
	}

	return nil
}

// requestCounts reads the request counters of the source and the sink.
func (s *Syncer) requestCounts() [2]int64 {
	var n [2]int64
	if c, ok := s.src.(RequestCounter); ok {
		n[0] = c.Requests()
	}

	if c, ok := s.sink.(RequestCounter); ok && s.dryRun == nil {
		n[1] = c.Requests()
	}

	return n
}

// finish fills the report's totals and logs them.
func (r *run) finish(ctx context.Context, before [2]int64, err error) {
	after := r.s.requestCounts()
	rep := r.report
	rep.SourceRequests = after[0] - before[0]
	rep.SinkRequests = after[1] - before[1]
	rep.Requests = rep.SourceRequests + rep.SinkRequests
	rep.Duration = time.Since(r.start)
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int {
		return cmp.Compare(a.DeviceID, b.DeviceID)
	})

	attrs := []any{
		slog.Int("seen", rep.Seen), slog.Int("filtered", rep.Filtered),
		slog.Int("skipped", rep.Skipped), slog.Int("sent", rep.Sent),
		slog.Int("new", rep.New), slog.Int("updated", rep.Updated),
		slog.Int("auto_linked", rep.AutoLinked), slog.Int("failed", rep.Failed),
		slog.Int("unfinished", rep.Unfinished), slog.Int("unaccounted", rep.Unaccounted),
		slog.Int64("requests", rep.Requests),
		slog.Duration("duration", rep.Duration),
	}
	if err != nil {
		r.s.log.ErrorContext(ctx, "sync stopped", append(attrs, slog.Any("error", err))...)
		return
	}

	r.s.log.InfoContext(ctx, "sync finished", attrs...)
}
