package syncer

import (
	"context"
	"errors"

	"github.com/dsmtools/omesync/dsm"
)

// Sink receives batches of records. DSMSink is the default; JSONLinesSink
// writes them to a file; a sink may also feed another CMDB.
//
// Send returns what happened to the batch: counts in Summary, devices it
// refused in Errors (by device id or service tag), and parts that failed in
// Failed. Summary.Total counts the records answered for (all but those in
// Failed) and Summary.Errors the refusals; Run checks both against the
// batch (see Report.Unaccounted). A nil result with a nil error counts
// every record as sent; a non-nil error with no Failed entries means the
// whole batch failed. A sink may also implement RequestCounter and
// SinkChecker.
type Sink interface {
	Send(ctx context.Context, records []dsm.Record, manual bool) (*dsm.SyncResult, error)
}

// SinkChecker is a Sink that can tell, before a run reads anything, that
// it would refuse every batch: for DSMSink, an expired token or a refused
// sign-in. Run calls Check once before it touches the source (not in a dry
// run); an error ends the run there, wrapped in Run's error.
type SinkChecker interface {
	Check(ctx context.Context) error
}

// DSMSink posts batches through c's Sync.
func DSMSink(c *dsm.Client) Sink { return dsmSink{c} }

type dsmSink struct{ c *dsm.Client }

// check rejects a sink built without a client.
func (s dsmSink) check() error {
	if s.c == nil {
		return errors.New("syncer: DSMSink needs a *dsm.Client, got nil")
	}

	return nil
}

// Send posts one batch (more when the client's batch size is smaller).
//
// POST /functions/v1/openmanage-sync
func (s dsmSink) Send(ctx context.Context, records []dsm.Record,
	manual bool) (*dsm.SyncResult, error) {
	return s.c.Sync(ctx, &dsm.SyncRequest{Devices: records, Manual: manual})
}

// Check asks the client's token source for a token (dsm.Client's
// CheckToken): a static token that has expired fails here
// (dsm.ErrTokenExpired), and a password source signs in.
//
// POST /auth/v1/token (signing-in sources only)
func (s dsmSink) Check(ctx context.Context) error { return s.c.CheckToken(ctx) }

// Requests counts the client's HTTP requests.
func (s dsmSink) Requests() int64 { return s.c.Requests() }
