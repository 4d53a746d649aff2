package dsm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// FailedBatch is a batch that still failed after retries and splits. When
// its error is a 504 the upsert may have committed anyway; sending the
// records again is safe, as the upsert is idempotent.
type FailedBatch struct {
	// Records are the batch's records, none of them known to be stored.
	Records []Record
	// Err is why: a *RecordError for a record that cannot be sent, else
	// the error of the batch's last attempt, or the one that stopped Sync.
	Err error
}

// SyncResult aggregates every batch of one Sync call. After a 504 whose
// upsert had committed, the replay reports the rows that attempt created
// as updated, so New counts only what the answers that arrived said.
type SyncResult struct {
	// Summary adds up the summaries of every answer.
	Summary Summary
	// Errors are the refusals of every answer.
	Errors []DeviceError
	// Failed are the batches that still failed after retries and splits.
	Failed []FailedBatch
	// Requests counts the HTTP requests the call sent, retries included.
	Requests int
}

// FailedRecords returns how many records are in failed batches.
func (r *SyncResult) FailedRecords() int {
	n := 0
	for _, f := range r.Failed {
		n += len(f.Records)
	}

	return n
}

// PartialError is Sync's error when some batches failed; it unwraps to
// each batch's error, so errors.Is finds the sentinels.
type PartialError struct {
	// Batches and Records count what failed; Total is how many records
	// the call had.
	Batches, Records, Total int
	Errs                    []error
}

// Error names the counts and the first cause. The zero value is safe.
func (e *PartialError) Error() string {
	batches := "batches"
	if e.Batches == 1 {
		batches = "batch"
	}

	msg := fmt.Sprintf("dsm: %d of %d records not synced in %d failed %s",
		e.Records, e.Total, e.Batches, batches)
	if len(e.Errs) == 0 {
		return msg
	}

	return fmt.Sprintf("%s; first: %v", msg, e.Errs[0])
}

// Unwrap returns the batch errors.
func (e *PartialError) Unwrap() []error { return e.Errs }

// Sync sends req.Devices in batches of the client's batch size, splits a
// batch that hits a resource limit (546) in halves down to single records,
// and aggregates the answers. A record that cannot be sent (see
// Record.Validate) is kept alone in SyncResult.Failed with its
// *RecordError, and the others are sent. A batch that still fails is kept
// in SyncResult.Failed and the other batches go on, unless the failure
// would hit every batch (refused token, failed token source, wrong URL,
// cancelled context, DSM unreachable after the retries, 546 for a single
// record): then the remaining batches are reported failed without being
// sent. A ctx that has already ended sends nothing: every batch is failed
// with ctx's error wrapped. The result is never nil; the error is a
// *PartialError exactly when a record failed.
//
// POST /functions/v1/openmanage-sync
func (c *Client) Sync(ctx context.Context, req *SyncRequest) (*SyncResult, error) {
	res := &SyncResult{}
	if err := c.ready("Sync"); err != nil {
		return res, err
	}

	if req == nil {
		return res, errors.New("dsm: nil sync request")
	}

	good := res.encode(req.Devices)

	var stop error
	for start := 0; start < len(good); start += c.batchSize {
		batch := good[start:min(start+c.batchSize, len(good))]
		if stop != nil {
			res.Failed = append(res.Failed, FailedBatch{Records: batch.records(), Err: stop})
			continue
		}

		stop = c.syncBatch(ctx, res, batch, req.Manual)
	}

	return res, res.err(len(req.Devices))
}

// encoded is a record and its JSON.
type encoded struct {
	rec  Record
	json json.RawMessage
}

// encodedBatch is a batch of encoded records.
type encodedBatch []encoded

// records returns the batch's records.
func (b encodedBatch) records() []Record {
	out := make([]Record, len(b))
	for i, e := range b {
		out[i] = e.rec
	}

	return out
}

// encode encodes each record on its own; one that cannot be sent goes
// to r.Failed alone, and the others are returned in order.
func (r *SyncResult) encode(recs []Record) encodedBatch {
	out := make(encodedBatch, 0, len(recs))
	for _, rec := range recs {
		b, err := rec.encode()
		if err != nil {
			r.Failed = append(r.Failed, FailedBatch{Records: []Record{rec}, Err: err})
			continue
		}

		out = append(out, encoded{rec: rec, json: b})
	}

	return out
}

// syncBatch posts one batch, splitting it on 546. It returns an error that
// should stop the run.
func (c *Client) syncBatch(ctx context.Context, res *SyncResult, batch encodedBatch, manual bool) error {
	cl := newBatchCall(batch, manual)
	out, err := c.do(ctx, cl)
	res.Requests += cl.requests
	if err == nil {
		res.add(out)
		return nil
	}

	if errors.Is(err, ErrResourceLimit) && len(batch) > 1 {
		half := len(batch) / 2
		if stop := c.syncBatch(ctx, res, batch[:half], manual); stop != nil {
			res.Failed = append(res.Failed, FailedBatch{Records: batch[half:].records(), Err: stop})
			return stop
		}

		return c.syncBatch(ctx, res, batch[half:], manual)
	}

	if isFunctionLimit(err) {
		err = &oneRecordLimitError{tag: batch[0].rec.ServiceTag, err: err}
	}

	res.Failed = append(res.Failed, FailedBatch{Records: batch.records(), Err: err})

	return stopsRun(ctx, err)
}

// isFunctionLimit reports whether err is the function's own 546. It is
// only asked of a single record: a 413 for one record is that record's
// size, but a 546 for one record means the function cannot take any.
func isFunctionLimit(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == statusResourceLimit
}

// stopsRun returns err when the next batch would fail the same way (see
// StopsRun) or ctx is done.
func stopsRun(ctx context.Context, err error) error {
	if ctx.Err() != nil || StopsRun(err) {
		return err
	}

	return nil
}

// StopsRun reports whether an error from Sync, Post or CheckToken means
// that no later request can succeed either, so a caller that sends more
// batches should stop: a refused or expired token, a token source that
// failed (the auth server unreachable or failing, no refresh token
// stored, a refresh grant in doubt: ErrRefreshInDoubt), a wrong URL (404),
// DSM unreachable (a transport error that outlived the retries, or a TLS
// certificate that cannot be verified: ErrCertificate), a resource limit
// (546) hit even by a single record, or a Client or token source not
// made by its constructor (ErrNotConfigured). Sync itself stops on
// these and fails the records it has not sent.
func StopsRun(err error) bool {
	var (
		te  *transportError
		le  *oneRecordLimitError
		tke *tokenError
	)

	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrTokenExpired) ||
		errors.Is(err, ErrNotFound) || errors.Is(err, ErrNotConfigured) ||
		errors.As(err, &te) || errors.As(err, &le) || errors.As(err, &tke)
}

// oneRecordLimitError is a 546 for a batch of one record: the function
// cannot take any record, so no batch can succeed.
type oneRecordLimitError struct {
	tag string
	err error
}

func (e *oneRecordLimitError) Error() string {
	return fmt.Sprintf("dsm: the function hits its resource limit even for one record "+
		"(%s), so no batch can succeed; the run stops: check the function's logs "+
		"and limits in DSM: %v", e.tag, e.err)
}

func (e *oneRecordLimitError) Unwrap() error { return e.err }

// add counts one answer.
func (r *SyncResult) add(out *SyncResponse) {
	r.Summary = r.Summary.Add(out.Summary)
	r.Errors = append(r.Errors, out.Errors...)
}

// err is the *PartialError for the failed batches, or nil.
func (r *SyncResult) err(total int) error {
	if len(r.Failed) == 0 {
		return nil
	}

	pe := &PartialError{Batches: len(r.Failed), Records: r.FailedRecords(), Total: total}
	for _, f := range r.Failed {
		pe.Errs = append(pe.Errs, f.Err)
	}

	return pe
}
