package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/dsmtools/omesync/dsm"
)

// WithDryRun posts nothing: the records that would be sent are written to
// w as JSON lines (one record per line) and the report is made as usual,
// with DryRun set and the sink's counts at zero.
func WithDryRun(w io.Writer) Option {
	return func(s *Syncer) error {
		if isNil(w) {
			return errors.New("syncer: WithDryRun needs a writer, got nil")
		}

		s.dryRun = w

		return nil
	}
}

// JSONLinesSink writes each record as one line of JSON to w. It is the
// sink of a dry run and a way to record what a sync would send. A nil w
// makes New fail.
func JSONLinesSink(w io.Writer) Sink {
	return &jsonLinesSink{w: w, enc: json.NewEncoder(w)}
}

type jsonLinesSink struct {
	mu  sync.Mutex
	w   io.Writer
	enc *json.Encoder
}

// check rejects a sink built without a writer.
func (s *jsonLinesSink) check() error {
	if isNil(s.w) {
		return errors.New("syncer: JSONLinesSink needs a writer, got nil")
	}

	return nil
}

// Send writes the records.
func (s *jsonLinesSink) Send(_ context.Context, records []dsm.Record,
	_ bool) (*dsm.SyncResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, r := range records {
		if err := s.enc.Encode(r); err != nil {
			return nil, fmt.Errorf("syncer: write record of device %s: %w", r.DeviceID, err)
		}
	}

	return &dsm.SyncResult{Summary: dsm.Summary{Total: len(records)}}, nil
}
