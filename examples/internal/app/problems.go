package app

import (
	"fmt"

	"github.com/dsmtools/omesync/syncer"
)

// MaxProblemLines caps the problems a text report lists; the JSON report
// (--output json) holds them all.
const MaxProblemLines = 50

// ProblemLines renders problems for a text report: each distinct batch
// error once, with the number of devices it hit, then the problems that
// have a reason of their own, one line each. Past limit lines it ends
// with a line that says how many were left out. A failed logout is left
// to Report.Warnings.
func ProblemLines(problems []syncer.Problem, limit int) []string {
	lines := batchLines(problems)
	for _, p := range problems {
		if p.Kind != syncer.KindBatchFailed && p.Kind != syncer.KindCloseFailed {
			lines = append(lines, p.String())
		}
	}

	if len(lines) <= limit {
		return lines
	}

	more := len(lines) - limit

	return append(lines[:limit:limit], fmt.Sprintf("... and %d more; see --output json", more))
}

// batchLines counts the devices of each distinct batch error, in the order
// the errors were first met.
func batchLines(problems []syncer.Problem) []string {
	var order []string
	hits := map[string]int{}
	for _, p := range problems {
		if p.Kind != syncer.KindBatchFailed {
			continue
		}

		msg := batchError(p)
		if hits[msg] == 0 {
			order = append(order, msg)
		}

		hits[msg]++
	}

	var lines []string
	for _, msg := range order {
		lines = append(lines, fmt.Sprintf("%s: %s", devicesCount(hits[msg]), msg))
	}

	return lines
}

// batchError is the error of a failed batch, without the device, with
// what to check when DSM could not be reached.
func batchError(p syncer.Problem) string {
	if p.Err != nil {
		return "batch failed: " + ExplainDSM(p.Err).Error()
	}

	return p.Reason
}

func devicesCount(n int) string {
	if n == 1 {
		return "1 device"
	}

	return fmt.Sprintf("%d devices", n)
}
