package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/dsmtools/omesync/dsm"
)

// flush sends the batch to the sink and counts what became of it. When ctx
// has ended the batch is not sent and its devices count as unfinished.
func (r *run) flush(ctx context.Context) {
	items := r.batch
	if len(items) == 0 {
		return
	}

	r.batch = make([]batchItem, 0, r.s.batchSize)
	if ctx.Err() != nil {
		r.report.Unfinished += len(items)
		return
	}

	records := make([]dsm.Record, len(items))
	for i, it := range items {
		records[i] = it.record
	}

	res, err := r.sink.Send(ctx, records, r.s.manual)
	if err != nil && ctx.Err() != nil {
		r.report.Unfinished += len(items)
		return
	}

	r.account(ctx, items, res, err)
}

// account counts a batch's answer: the sink's totals, then each device as
// sent, refused or failed.
func (r *run) account(ctx context.Context, items []batchItem, res *dsm.SyncResult, err error) {
	failed := failedRecords(res, err, items)
	refused, strays := refusals(res, items)
	for _, e := range strays {
		r.addProblem(ctx, Problem{ServiceTag: e.ServiceTag, Kind: KindRejected,
			Reason: fmt.Sprintf("the sink refused a device not in the batch (id %q): %s",
				e.DeviceID, e.Message)})
	}

	if res != nil {
		r.report.New += res.Summary.New
		r.report.Updated += res.Summary.Updated
		r.report.AutoLinked += res.Summary.AutoLinked
	}

	for i, it := range items {
		if ferr, ok := failed[i]; ok {
			r.report.Failed++
			r.addProblem(ctx, it.ref.problem(KindBatchFailed,
				"the batch carrying this device failed: "+ferr.Error(), ferr))
		} else if msg, ok := refused[i]; ok {
			r.report.Failed++
			r.addProblem(ctx, it.ref.problem(KindRejected, "the sink refused it: "+msg, nil))
		} else {
			r.report.Sent++
		}
	}

	r.logBatch(ctx, len(items), len(failed), len(refused), err)
	if len(failed) == len(items) && refusesAll(err) {
		r.stop(fmt.Errorf("the sink refuses every batch, so the run stops "+
			"(check the DSM URL and token): %w", err))
	}
}

// refusesAll is true for sink errors that no later batch can escape: the
// token is refused or expired, or there is no sync function at the URL.
func refusesAll(err error) bool {
	return errors.Is(err, dsm.ErrUnauthorized) || errors.Is(err, dsm.ErrTokenExpired) ||
		errors.Is(err, dsm.ErrNotFound)
}

// failedRecords maps the positions of failed records to their error.
func failedRecords(res *dsm.SyncResult, err error, items []batchItem) map[int]error {
	out := map[int]error{}
	if err != nil && (res == nil || len(res.Failed) == 0) {
		for i := range items {
			out[i] = err
		}

		return out
	}

	if res == nil {
		return out
	}

	byID := indexByID(items)
	for _, fb := range res.Failed {
		for _, rec := range fb.Records {
			if i, ok := byID[rec.DeviceID]; ok {
				out[i] = fb.Err
			}
		}
	}

	return out
}

// refusals maps the positions of records the sink refused to its message,
// and returns the refusals that name no record of the batch.
func refusals(res *dsm.SyncResult, items []batchItem) (map[int]string, []dsm.DeviceError) {
	out := map[int]string{}
	if res == nil {
		return out, nil
	}

	byID := indexByID(items)
	byTag := make(map[string]int, len(items))
	for i, it := range items {
		byTag[it.record.ServiceTag] = i
	}

	var strays []dsm.DeviceError
	for _, e := range res.Errors {
		if i, ok := byID[e.DeviceID]; ok && e.DeviceID != "" {
			out[i] = e.Message
		} else if i, ok := byTag[NormalizeServiceTag(e.ServiceTag)]; ok && e.ServiceTag != "" {
			out[i] = e.Message
		} else {
			strays = append(strays, e)
		}
	}

	return out, strays
}

// indexByID maps device ids to their position in the batch.
func indexByID(items []batchItem) map[string]int {
	m := make(map[string]int, len(items))
	for i, it := range items {
		m[it.record.DeviceID] = i
	}

	return m
}

// logBatch logs a batch's result; a dry run says it wrote the batch.
func (r *run) logBatch(ctx context.Context, n, failed, refused int, err error) {
	attrs := []any{slog.Int("records", n), slog.Int("failed", failed), slog.Int("refused", refused)}
	switch {
	case err != nil:
		r.s.log.WarnContext(ctx, "batch failed", append(attrs, slog.Any("error", err))...)
	case r.s.dryRun != nil:
		r.s.log.InfoContext(ctx, "dry run: batch written", attrs...)
	default:
		r.s.log.InfoContext(ctx, "batch sent", attrs...)
	}
}
