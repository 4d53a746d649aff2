package syncer

import (
	"context"
	"errors"
	"iter"
	"log/slog"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
)

var errTODO = errors.New("syncer: not implemented yet")

// Source yields devices and their inventory. OMESource is the default.
type Source interface {
	Devices(ctx context.Context) iter.Seq2[ome.Device, error]
	Inventory(ctx context.Context, d *ome.Device) (*ome.Inventory, error)
}

// Sink receives batches of records. DSMSink is the default.
type Sink interface {
	Send(ctx context.Context, records []dsm.Record, manual bool) (*dsm.SyncResult, error)
}

// OMESource reads from an OME client.
func OMESource(c *ome.Client) Source { return nil }

// DSMSink posts to a DSM client.
func DSMSink(c *dsm.Client) Sink { return nil }

// Syncer runs syncs from a Source to a Sink.
// TODO: everything behind these signatures.
type Syncer struct{}

// Option configures a Syncer.
type Option func(*Syncer) error

// New returns a Syncer. It does no I/O.
func New(src Source, sink Sink, opts ...Option) (*Syncer, error) { return nil, errTODO }

// WithLogger logs through l; the default logs nothing.
func WithLogger(l *slog.Logger) Option { return nil }

// WithManual marks runs as started by a person.
func WithManual(manual bool) Option { return nil }

// Report says what one run did.
type Report struct {
	Seen       int
	Filtered   int
	Skipped    int
	Sent       int
	New        int
	Updated    int
	AutoLinked int
	Failed     int
	Problems   []Problem
	Duration   time.Duration
	Requests   int64
}

// Problem is something wrong with one device (or one batch).
type Problem struct {
	DeviceID   int64
	Name       string
	ServiceTag string
	Kind       string
	Reason     string
}

// Run syncs once.
func (s *Syncer) Run(ctx context.Context) (*Report, error) { return nil, errTODO }

// Map is the default mapping of MAPPING.md.
func Map(d *ome.Device, inv *ome.Inventory) (dsm.Record, []Problem) { return dsm.Record{}, nil }
