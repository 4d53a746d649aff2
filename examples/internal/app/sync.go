package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// RunOptions are the program's hooks into one run.
type RunOptions struct {
	Logger *slog.Logger
	// Progress, when set, is called as devices finish.
	Progress func(syncer.Progress)
	// DryRunOut receives the records a dry run would send, as JSON lines;
	// nil discards them.
	DryRunOut io.Writer
}

// Sync runs one sync: the DSM token is checked first, then OME is read and
// the records posted (or, in a dry run, written to DryRunOut). OME is
// logged out of at the end, whatever happened.
func Sync(ctx context.Context, cfg *Config, d Deps, ro RunOptions) (*syncer.Report, error) {
	sink, err := newSink(ctx, cfg, d)
	if err != nil {
		return nil, err
	}

	oc, err := NewOME(cfg, d)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	defer CloseOME(ctx, oc)

	s, err := newSyncer(cfg, syncer.OMESource(oc), sink, ro)
	if err != nil {
		return nil, err
	}

	rep, err := s.Run(ctx)
	if ctx.Err() != nil {
		return rep, err // stopped: a timeout is the run's own, not the network's
	}

	return rep, explainRun(cfg, err)
}

// explainRun explains a run's error as DSM's when the DSM sink returned
// it (fromDSM), else as OME's.
func explainRun(cfg *Config, err error) error {
	var fd *fromDSM
	if errors.As(err, &fd) {
		return ExplainDSM(err)
	}

	return ExplainOME(cfg, err)
}

// newSink returns the DSM sink, or nil for a dry run (which needs no token).
func newSink(ctx context.Context, cfg *Config, d Deps) (syncer.Sink, error) {
	if cfg.DryRun {
		return nil, nil
	}

	ts, err := d.TokenSource(ctx, cfg)
	if err != nil {
		return nil, err
	}

	dc, err := NewDSM(cfg, d, ts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return markSink(syncer.DSMSink(dc)), nil
}

// dsmSink is what syncer.DSMSink implements.
type dsmSink interface {
	syncer.Sink
	syncer.SinkChecker
	syncer.RequestCounter
}

// markedSink is the DSM sink whose errors are marked as DSM's (fromDSM):
// a run that DSM stopped wraps one, and its advice must name DSM_URL,
// not OME_HOST.
type markedSink struct{ dsmSink }

// Send implements syncer.Sink.
func (s markedSink) Send(ctx context.Context, records []dsm.Record,
	manual bool) (*dsm.SyncResult, error) {
	res, err := s.dsmSink.Send(ctx, records, manual)

	return res, markDSM(err)
}

// Check implements syncer.SinkChecker.
func (s markedSink) Check(ctx context.Context) error {
	return markDSM(s.dsmSink.Check(ctx))
}

// markSink wraps sink in markedSink when it is a DSM sink.
func markSink(sink syncer.Sink) syncer.Sink {
	if ds, ok := sink.(dsmSink); ok {
		return markedSink{ds}
	}

	return sink
}

func newSyncer(cfg *Config, src syncer.Source, sink syncer.Sink, ro RunOptions) (*syncer.Syncer, error) {
	opts, err := FilterOptions(&cfg.Filters)
	if err != nil {
		return nil, err
	}

	opts = append(opts, syncer.WithManual(cfg.Manual), syncer.WithLogger(ro.Logger))
	opts = append(opts, sizeOptions(cfg)...)
	if ro.Progress != nil {
		opts = append(opts, syncer.WithProgress(ro.Progress))
	}

	if cfg.DryRun {
		opts = append(opts, syncer.WithDryRun(orDiscard(ro.DryRunOut)))
	}

	s, err := syncer.New(src, sink, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return s, nil
}

// sizeOptions passes the batch size (the engine's batches, which the DSM
// client then sends whole) and the inventory concurrency when set.
func sizeOptions(cfg *Config) []syncer.Option {
	var opts []syncer.Option
	if cfg.DSMBatchSize > 0 {
		opts = append(opts, syncer.WithBatchSize(cfg.DSMBatchSize))
	}

	if cfg.Concurrency > 0 {
		opts = append(opts, syncer.WithConcurrency(cfg.Concurrency))
	}

	return opts
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}

	return w
}

// FilterOptions turns the filters of the configuration into syncer options.
func FilterOptions(f *Filters) ([]syncer.Option, error) {
	var opts []syncer.Option
	if len(f.Types) > 0 {
		types := make([]ome.DeviceType, len(f.Types))
		for i, t := range f.Types {
			types[i] = ome.DeviceType(t)
		}

		opts = append(opts, syncer.WithTypes(types...))
	}

	filters, err := f.syncerFilters()
	for _, sf := range filters {
		opts = append(opts, syncer.WithFilter(sf))
	}

	return opts, err
}

func (f *Filters) syncerFilters() ([]syncer.Filter, error) {
	var out []syncer.Filter
	if f.Model != "" {
		out = append(out, syncer.ModelContains(f.Model))
	}

	for _, re := range []struct {
		flag, expr string
		make       func(*regexp.Regexp) syncer.Filter
	}{
		{"--model-regexp", f.ModelRegexp, syncer.ModelMatches},
		{"--name-regexp", f.NameRegexp, syncer.NameMatches},
	} {
		if re.expr == "" {
			continue
		}

		rx, err := regexp.Compile(re.expr)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrConfig, re.flag, err)
		}

		out = append(out, re.make(rx))
	}

	return append(out, f.tagAndGroup()...), nil
}

func (f *Filters) tagAndGroup() []syncer.Filter {
	var out []syncer.Filter
	if len(f.ServiceTags) > 0 {
		out = append(out, syncer.ServiceTags(f.ServiceTags...))
	}

	if f.Group != "" {
		out = append(out, syncer.InGroup(f.Group))
	}

	return out
}
