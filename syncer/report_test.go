package syncer

import "testing"

func TestProblemString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{DeviceID: 7, Name: "esx7", ServiceTag: "ABC1234", Kind: KindRejected, Reason: "no"},
			`device 7 (esx7, tag "ABC1234"): rejected: no`},
		{Problem{BatchSize: 5, Kind: KindSummaryMismatch, Reason: "counts 2"},
			`batch of 5 records: summary-mismatch: counts 2`},
		{Problem{Kind: KindUnreadableDevice, Reason: "entry 3"},
			`device without a readable id: unreadable-device: entry 3`},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
