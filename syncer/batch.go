package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dsmtools/omesync/dsm"
)

// flush sends the batch to the sink and counts what became of it. When ctx
// has ended the batch is not sent and its devices count as unfinished; when
// it ends during the send, the parts the sink answered are counted as
// usual and only those that failed with the context's error are
// unfinished.
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

	res, err := send(ctx, r.sink, records, r.s.manual)
	r.account(ctx, items, res, err)
}

// account counts a batch's answer: the sink's totals, each device as sent,
// refused or failed, then what the answer leaves unexplained.
func (r *run) account(ctx context.Context, items []batchItem, res *dsm.SyncResult, err error) {
	failed := failedRecords(res, err, items)
	refused, strays := refusals(res, items)
	if res != nil {
		r.report.New += res.Summary.New
		r.report.Updated += res.Summary.Updated
		r.report.AutoLinked += res.Summary.AutoLinked
	}

	unfinished := r.countDevices(ctx, items, failed, refused)
	unaccounted := 0
	if res != nil && len(failed) < len(items) {
		unaccounted = r.checkAnswer(ctx, len(items), len(failed), res, strays)
		r.report.Unaccounted += unaccounted
	}

	r.logBatch(ctx, batchCounts{records: len(items), failed: len(failed) - unfinished,
		unfinished: unfinished, refused: len(refused), unaccounted: unaccounted}, err)
	if len(failed) == len(items) {
		r.stopOn(err)
	}
}

// stopOn stops the run after a batch that failed as a whole with err,
// when every later batch would fail too: the sink refuses them all, or
// it panicked, and would most likely panic again.
func (r *run) stopOn(err error) {
	switch {
	case sinkPanicked(err):
		r.stop(fmt.Errorf("the sink (%T) panicked, and would most likely panic again, "+
			"so the run stops: %w", r.sink, err))
	case refusesAll(err):
		r.stop(fmt.Errorf("the sink refuses every batch, so the run stops "+
			"(check the DSM URL and token): %w", err))
	}
}

// countDevices counts each device of a batch as unfinished (its part
// failed because ctx ended), failed, refused or sent, and returns how many
// are unfinished.
func (r *run) countDevices(ctx context.Context, items []batchItem, failed map[int]error,
	refused map[int]string) int {
	unfinished := 0
	for i, it := range items {
		ferr, inFailedPart := failed[i]
		msg, isRefused := refused[i]
		switch {
		case inFailedPart && stoppedBy(ctx, ferr):
			unfinished++
		case inFailedPart:
			r.report.Failed++
			r.addProblem(ctx, it.ref.problem(KindBatchFailed,
				"the batch carrying this device failed: "+ferr.Error(), ferr))
		case isRefused:
			r.report.Failed++
			r.addProblem(ctx, it.ref.problem(KindRejected, "the sink refused it: "+msg, nil))
		default:
			r.report.Sent++
		}
	}

	r.report.Unfinished += unfinished

	return unfinished
}

// stoppedBy reports whether err is ctx's own end: the run stopped, so the
// records it failed were not refused but left unfinished.
func stoppedBy(ctx context.Context, err error) bool {
	return ctx.Err() != nil && errors.Is(err, ctx.Err())
}

// checkAnswer compares the sink's answer with the batch of n records, of
// which failed were in failed parts: refusals that name no record of the
// batch, and a total other than the records answered for, are batch
// problems. It returns how many records or refusals they leave unexplained.
func (r *run) checkAnswer(ctx context.Context, n, failed int, res *dsm.SyncResult,
	strays []dsm.DeviceError) int {
	matched := len(res.Errors) - len(strays)
	unmatched := max(len(strays), res.Summary.Errors-matched)
	if unmatched > 0 {
		r.addBatchProblem(ctx, KindUnmatchedRefusal, n, fmt.Sprintf(
			"the sink reported %d refusals that name no record of this batch of %d "+
				"(summary.errors %d, %d matched to records%s); its records are counted as sent, "+
				"but some may not be stored: check DSM", unmatched, n, res.Summary.Errors, matched,
			strayText(strays)))
	}

	answered := n - failed
	mismatch := abs(res.Summary.Total - answered)
	if mismatch > 0 {
		r.addBatchProblem(ctx, KindSummaryMismatch, n, fmt.Sprintf(
			"the sink's summary counts %d records for the %d of this batch it answered for; "+
				"its records are counted as sent, but some may not be stored: check DSM",
			res.Summary.Total, answered))
	}

	return unmatched + mismatch
}

// addBatchProblem keeps a problem about a whole batch of n records.
func (r *run) addBatchProblem(ctx context.Context, kind ProblemKind, n int, reason string) {
	r.addProblem(ctx, Problem{Kind: kind, BatchSize: n, Reason: reason})
}

// maxStrays bounds the refusals a batch problem quotes.
const maxStrays = 5

// strayText quotes the refusals that name no record, as "; " and a list.
func strayText(strays []dsm.DeviceError) string {
	if len(strays) == 0 {
		return ""
	}

	parts := make([]string, 0, min(len(strays), maxStrays)+1)
	for _, e := range strays[:min(len(strays), maxStrays)] {
		parts = append(parts, strayName(e)+": "+e.Message)
	}

	if len(strays) > maxStrays {
		parts = append(parts, fmt.Sprintf("and %d more", len(strays)-maxStrays))
	}

	return "; " + strings.Join(parts, "; ")
}

// strayName names what a refusal names: a device id, a service tag or
// nothing.
func strayName(e dsm.DeviceError) string {
	switch {
	case e.DeviceID != "":
		return fmt.Sprintf("device id %q", e.DeviceID)
	case e.ServiceTag != "":
		return fmt.Sprintf("service tag %q", e.ServiceTag)
	}

	return "no device named"
}

// abs is the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}

	return n
}

// refusesAll is true for sink errors that no later batch can escape: the
// token is refused or expired, the token source failed, there is no sync
// function at the URL, DSM is unreachable, or the function cannot take
// even one record.
func refusesAll(err error) bool {
	return dsm.StopsRun(err)
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
// matching a refusal by device id, else by normalized service tag, and
// returns the refusals that name no record of the batch.
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
		id, tag := strings.TrimSpace(e.DeviceID), NormalizeServiceTag(e.ServiceTag)
		if i, ok := byID[id]; ok && id != "" {
			out[i] = e.Message
		} else if i, ok := byTag[tag]; ok && tag != "" {
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

// batchCounts are the counts of one batch that its log line gives.
type batchCounts struct{ records, failed, unfinished, refused, unaccounted int }

// logBatch logs a batch's result; a dry run says it wrote the batch.
func (r *run) logBatch(ctx context.Context, c batchCounts, err error) {
	attrs := []any{slog.Int("records", c.records), slog.Int("failed", c.failed),
		slog.Int("unfinished", c.unfinished), slog.Int("refused", c.refused),
		slog.Int("unaccounted", c.unaccounted)}
	switch {
	case err != nil:
		r.s.log.WarnContext(ctx, "batch failed", append(attrs, slog.Any("error", err))...)
	case r.s.dryRun != nil:
		r.s.log.InfoContext(ctx, "dry run: batch written", attrs...)
	default:
		r.s.log.InfoContext(ctx, "batch sent", attrs...)
	}
}
