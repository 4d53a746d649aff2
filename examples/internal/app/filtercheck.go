package app

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/dsmtools/omesync/ome"
	"github.com/dsmtools/omesync/syncer"
)

// CheckFilters builds the filters of f into a syncer, as a run would, so
// that a filter that cannot be built (a regular expression that does not
// compile) is found before the run starts. Its error matches ErrConfig
// and names the flag.
func CheckFilters(f *Filters) error {
	opts, err := FilterOptions(f)
	if err != nil {
		return err
	}

	opts = append(opts, syncer.WithDryRun(io.Discard))
	if _, err := syncer.New(noSource{}, nil, opts...); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return nil
}

// noSource is a Source that holds no device; CheckFilters builds a syncer
// over it that never runs.
type noSource struct{}

// Devices implements syncer.Source.
func (noSource) Devices(context.Context) iter.Seq2[ome.Device, error] {
	return func(func(ome.Device, error) bool) {}
}

// Inventory implements syncer.Source.
func (noSource) Inventory(context.Context, *ome.Device) (*ome.Inventory, error) {
	return nil, nil
}
