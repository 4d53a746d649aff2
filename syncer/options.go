package syncer

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

// Defaults. DefaultConcurrency follows the one public OME client found
// that states its figure: the community Dell OpenManage management pack
// for VMware Aria Operations (mackayd/aria-operations-dell-OpenManage-
// Community-management-pack) sends 4 requests at once. It is a choice,
// not a documented limit. Dell documents no rate limit for OME and none
// is reported (no 429 seen); what is documented is a cap of API sessions
// per user (100 by default; CURS1209 past it), which concurrency does not
// touch as all workers share one session, and the appliance's own speed
// (Dell's scripts note 6-7 minutes to list 8,000 devices). Against omesim
// answering each request in 5 ms, which never slows under load,
// BenchmarkConcurrency synced 165, 596, 1,108 and 1,796 servers/s with 1,
// 4, 8 and 16 workers: more workers help only while the appliance keeps
// up, and how far a real one does is not measured.
//
// 100 records per batch stays well inside DSM's 2 s CPU limit per request.
const (
	DefaultConcurrency = 4
	DefaultBatchSize   = 100
)

// Limits. MaxConcurrency bounds WithConcurrency: each worker holds an
// inventory request open on one OME appliance, and beyond a few dozen the
// appliance answers slower, not faster. MaxBatchSize is the DSM client's
// own limit (dsm.MaxBatchSize).
const (
	MaxConcurrency = 64
	MaxBatchSize   = dsm.MaxBatchSize
)

// Syncer runs syncs from a Source to a Sink. Its settings do not change
// after New, and one Syncer may run many times (not at once).
type Syncer struct {
	src         Source
	sink        Sink
	log         *slog.Logger
	manual      bool
	types       []ome.DeviceType
	filters     []Filter
	hooks       []Hook
	concurrency int
	batchSize   int
	dryRun      io.Writer
	progress    func(Progress)
}

// Option configures a Syncer.
type Option func(*Syncer) error

// New returns a Syncer that reads from src and writes to sink. It does no
// I/O. sink may be nil with WithDryRun; nil options are ignored. A nil
// source or sink, or OMESource and DSMSink given a nil client, is an error
// here rather than a panic in Run.
func New(src Source, sink Sink, opts ...Option) (*Syncer, error) {
	s := &Syncer{
		src: src, sink: sink,
		log:         slog.New(slog.DiscardHandler),
		types:       []ome.DeviceType{ome.TypeServer},
		concurrency: DefaultConcurrency,
		batchSize:   DefaultBatchSize,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}

		if err := o(s); err != nil {
			return nil, err
		}
	}

	if err := checkEnds(src, sink, s.dryRun != nil); err != nil {
		return nil, err
	}

	return s, nil
}

// checker is a source or sink of this package that can tell whether it
// was built with what it needs.
type checker interface{ check() error }

// checkEnds says what is wrong with the source and the sink New got.
func checkEnds(src Source, sink Sink, dryRun bool) error {
	if isNil(src) {
		return errors.New("syncer: New needs a source (for example OMESource with an *ome.Client)")
	}

	if isNil(sink) && !dryRun {
		return errors.New("syncer: New needs a sink (for example DSMSink with a *dsm.Client), " +
			"or WithDryRun")
	}

	for _, end := range []any{src, sink} {
		if c, ok := end.(checker); ok {
			if err := c.check(); err != nil {
				return err
			}
		}
	}

	return nil
}

// isNil is true for a nil interface and for one holding a nil pointer,
// map, slice, channel or function.
func isNil(v any) bool {
	if v == nil {
		return true
	}

	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func,
		reflect.Interface:
		return rv.IsNil()
	}

	return false
}

// WithLogger logs through l; the default logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(s *Syncer) error {
		if l != nil {
			s.log = l
		}

		return nil
	}
}

// WithManual marks runs as started by a person (DSM's "manual" flag).
func WithManual(manual bool) Option {
	return func(s *Syncer) error { s.manual = manual; return nil }
}

// WithTypes sets the device types synced, servers (ome.TypeServer) by
// default; no types means every type. The syncer keeps a copy of types.
func WithTypes(types ...ome.DeviceType) Option {
	types = slices.Clone(types)

	return func(s *Syncer) error { s.types = types; return nil }
}

// WithFilter adds a filter. A device is synced when its type is one of
// WithTypes and it passes every filter added. A nil filter, or one built
// wrong (ModelMatches(nil), a nil filter inside All), is an error here.
func WithFilter(f Filter) Option {
	return func(s *Syncer) error {
		if isNil(f) {
			return errors.New("syncer: WithFilter needs a filter")
		}

		if err := checkFilters([]Filter{f}); err != nil {
			return err
		}

		s.filters = append(s.filters, f)

		return nil
	}
}

// WithHook adds a mapping hook; hooks run in the order added.
func WithHook(h Hook) Option {
	return func(s *Syncer) error {
		if h == nil {
			return errors.New("syncer: WithHook needs a hook")
		}

		s.hooks = append(s.hooks, h)

		return nil
	}
}

// WithConcurrency sets how many inventory requests run at once, from 1 to
// MaxConcurrency (DefaultConcurrency when not set).
func WithConcurrency(n int) Option {
	return func(s *Syncer) error {
		if n < 1 || n > MaxConcurrency {
			return fmt.Errorf("syncer: concurrency %d is outside 1..%d", n, MaxConcurrency)
		}

		s.concurrency = n

		return nil
	}
}

// WithBatchSize sets how many records go to the sink at once, from 1 to
// MaxBatchSize (DefaultBatchSize when not set).
func WithBatchSize(n int) Option {
	return func(s *Syncer) error {
		if n < 1 || n > MaxBatchSize {
			return fmt.Errorf("syncer: batch size %d is outside 1..%d", n, MaxBatchSize)
		}

		s.batchSize = n

		return nil
	}
}

// WithProgress calls fn after each device outcome and each batch, from one
// goroutine. fn must return quickly. A fn that panics is not called again
// in that run (see KindProgressPanicked); the run goes on.
func WithProgress(fn func(Progress)) Option {
	return func(s *Syncer) error { s.progress = fn; return nil }
}

// filter is the run's whole filter: the types, then the added filters.
func (s *Syncer) filter() Filter {
	return All(append([]Filter{ByType(s.types...)}, s.filters...)...)
}
