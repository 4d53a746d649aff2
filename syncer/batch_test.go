package syncer

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

// TestRunPostsBatchesAsTheyFill checks that the first batch is posted
// before the listing ends: the listing pauses until the sink has it.
func TestRunPostsBatchesAsTheyFill(t *testing.T) {
	t.Parallel()
	firstBatch := make(chan struct{})
	sink := &fakeSink{onSend: func(context.Context, int) error {
		select {
		case <-firstBatch:
		default:
			close(firstBatch)
		}

		return nil
	}}
	src := &fakeSource{devices: servers(5)}
	src.onInventory = func(ctx context.Context, d *ome.Device) error {
		if d.ID < 1005 {
			return nil
		}

		select { // device 5 waits for batch 1: the run must not hold all records
		case <-firstBatch:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	rep, err := mustRun(t, src, sink, WithBatchSize(2))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	if diff := cmp.Diff([]int{2, 2, 1}, sink.sizes()); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}

	if rep.Sent != 5 || rep.New != 5 {
		t.Errorf("sent %d, new %d, want 5 and 5", rep.Sent, rep.New)
	}
}

func TestRunIsolatesFailingBatches(t *testing.T) {
	t.Parallel()
	src := &fakeSource{devices: servers(6)}
	sink := &fakeSink{fail: map[int]error{1: errors.New("dsm: 503 boot error")},
		splitFail: map[string]bool{"1005": true}}

	rep, err := mustRun(t, src, sink, WithBatchSize(2), WithConcurrency(1))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := &Report{Seen: 6, Sent: 3, New: 3, Failed: 3, FilteredBy: map[string]int{},
		Requests: 12, SourceRequests: 12}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	wantProblems := []problemKey{{1003, KindBatchFailed, 0}, {1004, KindBatchFailed, 0},
		{1005, KindBatchFailed, 0}}
	if diff := cmp.Diff(wantProblems, problemKeys(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	for _, p := range rep.Problems {
		if p.Err == nil {
			t.Errorf("problem of device %d carries no error", p.DeviceID)
		}
	}
}

// TestRunBoundsConcurrency checks that no more than WithConcurrency
// inventory requests run at once, and that that many do.
func TestRunBoundsConcurrency(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			src := &fakeSource{devices: servers(20)}
			release := make(chan struct{})
			releaseAll := sync.OnceFunc(func() { close(release) })
			src.onInventory = func(ctx context.Context, _ *ome.Device) error {
				if src.inFlight.Load() >= int32(n) {
					releaseAll()
				}

				<-release
				return nil
			}

			rep, err := mustRun(t, src, &fakeSink{}, WithConcurrency(n))
			if err != nil || rep.Sent != 20 {
				t.Fatalf("Run: sent %d, err %v", rep.Sent, err)
			}

			if got := src.maxSeen.Load(); got != int32(n) {
				t.Errorf("at most %d inventory requests at once, want %d", got, n)
			}
		})
	}
}

// TestRunAccountsForTheSinksAnswer matches refusals to the batch's records
// by device id or normalized tag, and turns refusals that name none of
// them, an error count beyond those matched and a total other than the
// batch's into batch problems counted as Unaccounted.
func TestRunAccountsForTheSinksAnswer(t *testing.T) {
	t.Parallel()
	setErrors := func(n int) func(*dsm.Summary) { return func(s *dsm.Summary) { s.Errors = n } }
	setTotal := func(n int) func(*dsm.Summary) { return func(s *dsm.Summary) { s.Total = n } }
	tests := []struct {
		name     string
		errors   []dsm.DeviceError
		summary  func(*dsm.Summary)
		want     accountKey
		problems []problemKey
		quotes   []string
	}{
		{name: "refusals naming no record", errors: []dsm.DeviceError{
			{ServiceTag: "NOPE123", Message: "unknown tag"}, {DeviceID: "99999", Message: "no row"},
			{Message: "constraint violated"}},
			want:     accountKey{Sent: 5, Unaccounted: 3},
			problems: []problemKey{{0, KindUnmatchedRefusal, 0}},
			quotes: []string{"3 refusals", "batch of 5", `service tag "NOPE123": unknown tag`,
				`device id "99999": no row`, "no device named: constraint violated"}},
		{name: "error count with no errors listed", summary: setErrors(2),
			want:     accountKey{Sent: 5, Unaccounted: 2},
			problems: []problemKey{{0, KindUnmatchedRefusal, 0}},
			quotes:   []string{"2 refusals", "summary.errors 2, 0 matched"}},
		{name: "refusals matched by id and by normalized tag", errors: []dsm.DeviceError{
			{DeviceID: " 1002 ", Message: "bad model"}, {ServiceTag: " tst1003", Message: "bad ip"}},
			want:     accountKey{Sent: 3, Failed: 2},
			problems: []problemKey{{1002, KindRejected, 0}, {1003, KindRejected, 0}},
			quotes:   []string{"bad model", "bad ip"}},
		{name: "one refusal matched and one counted only", summary: setErrors(2),
			errors:   []dsm.DeviceError{{DeviceID: "1001", Message: "bad model"}},
			want:     accountKey{Sent: 4, Failed: 1, Unaccounted: 1},
			problems: []problemKey{{0, KindUnmatchedRefusal, 0}, {1001, KindRejected, 0}},
			quotes:   []string{"1 refusals", "summary.errors 2, 1 matched"}},
		{name: "total below the batch", summary: setTotal(2),
			want:     accountKey{Sent: 5, Unaccounted: 3},
			problems: []problemKey{{0, KindSummaryMismatch, 0}},
			quotes:   []string{"counts 2 records for the 5"}},
		{name: "total above the batch", summary: setTotal(7),
			want:     accountKey{Sent: 5, Unaccounted: 2},
			problems: []problemKey{{0, KindSummaryMismatch, 0}},
			quotes:   []string{"counts 7 records for the 5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sink := &fakeSink{errors: tc.errors, summary: tc.summary}

			rep, err := mustRun(t, &fakeSource{devices: servers(5)}, sink)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}

			got := accountKey{rep.Sent, rep.Failed, rep.Unaccounted, rep.Incomplete()}
			tc.want.Incomplete = tc.want.Failed+tc.want.Unaccounted > 0
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}

			if diff := cmp.Diff(tc.problems, problemKeys(rep.Problems)); diff != "" {
				t.Fatalf("problems (-want +got):\n%s", diff)
			}

			checkQuotes(t, rep.Problems, tc.quotes)
		})
	}
}

// accountKey is the part of a report that accounts for a batch.
type accountKey struct {
	Sent, Failed, Unaccounted int
	Incomplete                bool
}

// checkQuotes checks that the problems' text quotes each string, and that
// a batch problem names its batch's size.
func checkQuotes(t *testing.T, problems []Problem, quotes []string) {
	t.Helper()
	var text strings.Builder
	for _, p := range problems {
		text.WriteString(p.String() + "\n")
		named := strings.HasPrefix(p.String(), "batch of 5 records: ")
		if p.DeviceID == 0 && (p.BatchSize != 5 || !named) {
			t.Errorf("batch problem %q does not name its batch of 5 (BatchSize %d)", p, p.BatchSize)
		}
	}

	for _, q := range quotes {
		if !strings.Contains(text.String(), q) {
			t.Errorf("problems do not say %q:\n%s", q, text.String())
		}
	}
}

// TestRunStopsWhenTheSinkRefusesAll stops after a batch fails with an
// error that every later batch would meet.
func TestRunStopsWhenTheSinkRefusesAll(t *testing.T) {
	t.Parallel()
	for _, sinkErr := range []error{dsm.ErrUnauthorized, dsm.ErrTokenExpired, dsm.ErrNotFound} {
		t.Run(sinkErr.Error(), func(t *testing.T) {
			t.Parallel()
			src := &fakeSource{devices: servers(200)}
			sink := &fakeSink{fail: map[int]error{0: fmt.Errorf("post batch: %w", sinkErr)}}

			rep, err := mustRun(t, src, sink, WithBatchSize(5))
			if !errors.Is(err, sinkErr) {
				t.Fatalf("Run error = %v, want %v", err, sinkErr)
			}

			accounted := rep.Filtered + rep.Skipped + rep.Sent + rep.Failed + rep.Unfinished
			if len(sink.sizes()) != 1 || rep.Failed != 5 || accounted != rep.Seen || rep.Seen == 200 {
				t.Errorf("%d batches, failed %d, seen %d, accounted %d; want 1 batch of 5 failed, "+
					"all accounted, the listing cut short", len(sink.sizes()), rep.Failed, rep.Seen, accounted)
			}

			if src.closed.Load() != 1 {
				t.Error("source not closed")
			}
		})
	}
}

// TestRunHoldsFewDevices checks that the pipeline streams: at any time the
// devices listed but not yet counted are bounded by the concurrency, not
// by the fleet, and no more than one batch of records waits.
func TestRunHoldsFewDevices(t *testing.T) {
	t.Parallel()
	const workers, batch = 3, 50
	src := &fakeSource{devices: servers(3000)}
	var worst, worstQueued int64
	progress := func(p Progress) {
		inFlight := src.listed.Load() - int64(p.Seen)
		worst = max(worst, inFlight)
		worstQueued = max(worstQueued, int64(p.Queued))
	}

	rep, err := mustRun(t, src, &fakeSink{}, WithConcurrency(workers), WithBatchSize(batch),
		WithProgress(progress))
	if err != nil || rep.Sent != 3000 {
		t.Fatalf("Run: sent %d, err %v", rep.Sent, err)
	}

	if bound := int64(4*workers + 2); worst > bound || worst < 1 || worstQueued >= batch {
		t.Errorf("up to %d devices in flight (bound %d) and %d records queued (batch %d)",
			worst, bound, worstQueued, batch)
	}
}

// TestRunStopsWhenDSMIsUnreachable sends through a real dsm.Client to a
// local port nobody listens on: the first batch fails after its retries,
// and the run stops instead of retrying every later batch.
func TestRunStopsWhenDSMIsUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()

	ts, err := dsm.StaticToken(testJWT(t, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dc, err := dsm.NewClient(url, dsm.WithTokenSource(ts),
		dsm.WithRetry(dsm.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}

	src := &fakeSource{devices: servers(50)}
	rep, err := mustRun(t, src, DSMSink(dc), WithBatchSize(5))
	if err == nil || !dsm.StopsRun(err) {
		t.Fatalf("Run error = %v, want one that stops the run", err)
	}

	if dc.Requests() != 1 || rep.Sent != 0 || rep.Failed != 5 || rep.Seen == 50 {
		t.Errorf("requests %d, sent %d, failed %d, seen %d; want 1 request, 5 failed, "+
			"the listing cut short", dc.Requests(), rep.Sent, rep.Failed, rep.Seen)
	}
}

// testJWT is an unsigned-looking JWT that expires after ttl; dsm reads
// its exp claim and never checks the signature.
func testJWT(t *testing.T, ttl time.Duration) string {
	t.Helper()
	claims := fmt.Sprintf(`{"sub":"test","exp":%d}`, time.Now().Add(ttl).Unix())
	enc := base64.RawURLEncoding

	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc.EncodeToString([]byte(claims)) + ".c2ln"
}
