package syncer

import (
	"fmt"
	"time"
)

// ProblemKind names the class of a Problem.
type ProblemKind string

// Problem kinds. Those marked "skipped" or "failed" mean the device was not
// synced; those marked "batch" are about a whole batch (DeviceID 0,
// BatchSize set) and counted in Report.Unaccounted; the others are notes on
// a device.
const (
	// KindUnusableServiceTag: no usable service tag (skipped).
	KindUnusableServiceTag ProblemKind = "unusable-service-tag"
	// KindDuplicateServiceTag: another device has the same tag. The first
	// device listed is sent and the later one is skipped; both are reported.
	KindDuplicateServiceTag ProblemKind = "duplicate-service-tag"
	// KindHookSkipped: a hook skipped the device (skipped).
	KindHookSkipped ProblemKind = "hook-skipped"
	// KindHookFailed: a hook returned an error or panicked, or the hooks
	// left a record that does not encode or has another device_id (failed).
	KindHookFailed ProblemKind = "hook-failed"
	// KindHookEmptyField: a hook set a standard field to "" (or only white
	// space) or a number of 0 or less, that is to an unknown value, which
	// DSM would store over the one it holds. The field was left out of the
	// record, which is still sent; Reason names the field.
	KindHookEmptyField ProblemKind = "hook-empty-field"
	// KindPanicked: a filter's Match, the source's Inventory or the
	// mapping panicked; Err is a *PanicError with the value and the stack
	// (failed). A hook that panics is KindHookFailed; a sink that panics
	// fails its batch (KindBatchFailed).
	KindPanicked ProblemKind = "panicked"
	// KindInventoryFailed: the inventory request failed; the device was
	// sent with the fields of the device list.
	KindInventoryFailed ProblemKind = "inventory-failed"
	// KindInventoryIncomplete: some inventory sections were missing or
	// empty; their fields were left out.
	KindInventoryIncomplete ProblemKind = "inventory-incomplete"
	// KindInventoryPending: OME has no inventory for the device yet.
	KindInventoryPending ProblemKind = "inventory-pending"
	// KindBadData: a value could not be read; its field was left out.
	KindBadData ProblemKind = "bad-data"
	// KindBatchFailed: the batch that carried the device failed (failed).
	KindBatchFailed ProblemKind = "batch-failed"
	// KindRejected: the sink refused the device (failed).
	KindRejected ProblemKind = "rejected"
	// KindUnreadableDevice: the source listed an entry it could not decode
	// (an *ome.DeviceDecodeError); DeviceID is its Id when that could be
	// read, else 0 (failed).
	KindUnreadableDevice ProblemKind = "unreadable-device"
	// KindUnmatchedRefusal: the sink reported refusals, in its errors list
	// or its summary's error count, that name no record of the batch
	// (batch).
	KindUnmatchedRefusal ProblemKind = "unmatched-refusal"
	// KindSummaryMismatch: the sink's summary total differs from the
	// records of the batch it answered for (batch).
	KindSummaryMismatch ProblemKind = "summary-mismatch"
	// KindRepeatedDevice: the source listed a device id again (a paging
	// glitch); the repeat was ignored, the device is counted and sent once.
	KindRepeatedDevice ProblemKind = "repeated-device"
	// KindCloseFailed: closing the source after the run (logging out of
	// OME) failed, so its session stays open until it idles out. It is
	// about the run, not a device (DeviceID 0), and Report.Incomplete does
	// not count it: the devices were handled all the same.
	KindCloseFailed ProblemKind = "close-failed"
	// KindProgressPanicked: the WithProgress callback panicked (Err is a
	// *PanicError) and was not called again in the run. It is about the
	// run (DeviceID 0), and Report.Incomplete does not count it.
	KindProgressPanicked ProblemKind = "progress-panicked"
)

// Problem is something wrong with one device, or with a batch of them.
type Problem struct {
	// DeviceID is the OME device id; 0 for a problem about a batch or the
	// run (KindCloseFailed, KindProgressPanicked), and for a device list entry whose Id could
	// not be read.
	DeviceID int64 `json:"device_id"`
	// Name is the OME device name.
	Name string `json:"name,omitempty"`
	// ServiceTag is the normalized service tag, as far as it is known.
	ServiceTag string `json:"service_tag,omitempty"`
	// Kind classifies the problem.
	Kind ProblemKind `json:"kind"`
	// Reason says what happened, in words.
	Reason string `json:"reason"`
	// RelatedDeviceID is the other device of a duplicate service tag.
	RelatedDeviceID int64 `json:"related_device_id,omitempty"`
	// BatchSize is the number of records of the batch a batch problem is
	// about; 0 for a problem of one device.
	BatchSize int `json:"batch_size,omitempty"`
	// Err is the error behind the problem, if any, for errors.Is and As.
	Err error `json:"-"`
}

// String renders the problem on one line.
func (p Problem) String() string {
	switch {
	case p.DeviceID == 0 && p.BatchSize > 0:
		return fmt.Sprintf("batch of %d records: %s: %s", p.BatchSize, p.Kind, p.Reason)
	case p.Kind == KindCloseFailed || p.Kind == KindProgressPanicked:
		return fmt.Sprintf("run: %s: %s", p.Kind, p.Reason)
	case p.DeviceID == 0:
		return fmt.Sprintf("device without a readable id: %s: %s", p.Kind, p.Reason)
	}

	return fmt.Sprintf("device %d (%s, tag %q): %s: %s",
		p.DeviceID, p.Name, p.ServiceTag, p.Kind, p.Reason)
}

// Report says what one run did. After a complete run,
// Seen == Filtered + Skipped + Sent + Failed + Unfinished, where Unfinished
// is 0 unless the run stopped early.
type Report struct {
	// Seen counts the distinct devices the source listed: a device listed
	// again is counted once, and noted as KindRepeatedDevice.
	Seen int `json:"seen"`
	// Filtered counts the devices the filters left out.
	Filtered int `json:"filtered"`
	// FilteredBy counts the filtered devices per filter reason.
	FilteredBy map[string]int `json:"filtered_by,omitempty"`
	// Skipped counts the devices not sent for a reason of their own
	// (unusable or duplicate service tag, skipped by a hook).
	Skipped int `json:"skipped"`
	// Sent counts the records the sink took.
	Sent int `json:"sent"`
	// New, Updated and AutoLinked are the sink's own counts.
	New        int `json:"new"`
	Updated    int `json:"updated"`
	AutoLinked int `json:"auto_linked"`
	// Failed counts the devices that a hook, a batch or the sink failed.
	Failed int `json:"failed"`
	// Unfinished counts the devices listed but not finished because the
	// run stopped early (cancelled, or the listing failed).
	Unfinished int `json:"unfinished"`
	// Unaccounted counts what the sink's answers left unexplained, per
	// batch: the refusals that name no record of it (those in the errors
	// list, or, when more, the summary's error count less the refusals
	// matched), plus the difference between the summary's total and the
	// records answered for. Each such batch has a KindUnmatchedRefusal or
	// KindSummaryMismatch problem. Its devices count as sent, since the
	// sink named none of them, but some may not be stored: a run with
	// Unaccounted above 0 is Incomplete, like one with Failed above 0.
	Unaccounted int `json:"unaccounted"`
	// Problems lists per-device problems by device id; those of one
	// device are in the order they were found.
	Problems []Problem `json:"problems,omitempty"`
	// DryRun is true when nothing was posted.
	DryRun bool `json:"dry_run"`
	// Duration is the run's wall-clock time.
	Duration time.Duration `json:"duration"`
	// Requests counts the HTTP requests of the run, SourceRequests plus
	// SinkRequests, for a source or sink that counts them.
	Requests       int64 `json:"requests"`
	SourceRequests int64 `json:"source_requests"`
	SinkRequests   int64 `json:"sink_requests"`
}

// Incomplete reports whether something needs a look or a retry: a device
// failed or was left unfinished, or the sink's answers left records
// unaccounted for. A run whose error is nil and whose report is not
// Incomplete synced every device it did not filter or skip for a reason.
// A source that could not be closed (KindCloseFailed) does not make a run
// Incomplete: a retry would sync nothing more.
func (r *Report) Incomplete() bool {
	return r.Failed > 0 || r.Unfinished > 0 || r.Unaccounted > 0
}

// ProblemsOf returns the problems of one kind.
func (r *Report) ProblemsOf(kind ProblemKind) []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Kind == kind {
			out = append(out, p)
		}
	}

	return out
}

// Progress is a snapshot of a running sync, given to the WithProgress
// callback after each device outcome and each batch. The counts are those
// of the Report so far.
type Progress struct {
	// Seen counts the distinct devices listed that have an outcome.
	Seen int
	// Filtered counts the devices the filters left out.
	Filtered int
	// Skipped counts the devices not sent for a reason of their own.
	Skipped int
	// Queued counts the records waiting in the batch now being filled,
	// ready and not yet handed to the sink; it drops to 0 when the batch
	// is sent. Devices still being read or hooked are not in any count.
	Queued int
	// Sent counts the records the sink took.
	Sent int
	// Failed counts the devices that failed.
	Failed int
	// Elapsed is the time since the run started.
	Elapsed time.Duration
}
