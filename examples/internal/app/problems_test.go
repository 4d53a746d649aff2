package app

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/syncer"
)

// batchFailed returns n devices failed by the same batch error.
func batchFailed(first, n int, err error) []syncer.Problem {
	out := make([]syncer.Problem, n)
	for i := range out {
		out[i] = syncer.Problem{DeviceID: int64(first + i), Kind: syncer.KindBatchFailed,
			Reason: "the batch carrying this device failed: " + err.Error(), Err: err}
	}

	return out
}

func deviceProblems(first, n int) []syncer.Problem {
	out := make([]syncer.Problem, n)
	for i := range out {
		out[i] = syncer.Problem{DeviceID: int64(first + i), Name: fmt.Sprint("h", first+i),
			Kind: syncer.KindRejected, Reason: "the sink refused it: bad tag"}
	}

	return out
}

func TestProblemLines(t *testing.T) {
	t.Parallel()
	down := errors.New("dsm: post: connection refused")
	full := errors.New("dsm: 546 worker limit")
	many := deviceProblems(100, 60)
	tests := []struct {
		name     string
		problems []syncer.Problem
		limit    int
		want     []string
	}{
		{"none", nil, 50, nil},
		{"one batch error once with its count", batchFailed(1, 19, down), 50,
			[]string{"19 devices: batch failed: dsm: post: connection refused"}},
		{"distinct batch errors, then own reasons",
			append(append(batchFailed(1, 3, down), deviceProblems(10, 1)...), batchFailed(20, 1, full)...), 50,
			[]string{
				"3 devices: batch failed: dsm: post: connection refused",
				"1 device: batch failed: dsm: 546 worker limit",
				`device 10 (h10, tag ""): rejected: the sink refused it: bad tag`,
			}},
		{"capped", many, 2, []string{many[0].String(), many[1].String(), "... and 58 more; see --output json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, ProblemLines(tt.problems, tt.limit)); diff != "" {
				t.Errorf("ProblemLines (-want +got):\n%s", diff)
			}
		})
	}
}
