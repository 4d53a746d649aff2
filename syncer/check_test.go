package syncer

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
	"github.com/google/go-cmp/cmp"
)

// TestRunChecksTheSinkFirst stops before the source is touched when the
// sink's check fails, and does not ask a sink that a dry run replaces.
func TestRunChecksTheSinkFirst(t *testing.T) {
	t.Parallel()
	refused := errors.New("dsm: sign-in refused")
	src := &fakeSource{devices: servers(3)}
	sink := &fakeSink{checkErr: refused}

	rep, err := mustRun(t, src, sink, WithFilter(InGroup("Lab")))
	if !errors.Is(err, refused) {
		t.Fatalf("Run error = %v, want the sink's", err)
	}

	want := &Report{FilteredBy: map[string]int{}}
	if diff := cmp.Diff(want, rep, ignoreRunFields); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	if n, c := src.requests.Load(), sink.checks.Load(); n != 0 || c != 1 || len(sink.sizes()) != 0 {
		t.Errorf("%d source requests, %d checks, %d batches; want 0, 1, 0", n, c, len(sink.sizes()))
	}

	var out bytes.Buffer
	rep, err = mustRun(t, &fakeSource{devices: servers(3)}, sink, WithDryRun(&out))
	if err != nil || rep.Sent != 3 || sink.checks.Load() != 1 {
		t.Errorf("dry run: err %v, sent %d, checks %d; want nil, 3 and no new check",
			err, rep.Sent, sink.checks.Load())
	}
}

// TestEndToEndExpiredToken fails a run whose static DSM token has expired
// before any request to OME or DSM.
func TestEndToEndExpiredToken(t *testing.T) {
	t.Parallel()
	s := startSims(t, omesim.Config{Devices: omesim.Quirks()}, dsmsim.Config{}, dsm.RetryPolicy{})
	ts, err := dsm.StaticToken(s.dsm.IssueToken("sync@example.com", -time.Minute))
	if err != nil {
		t.Fatal(err)
	}

	c, err := dsm.NewClient(s.dsm.URL(), dsm.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}

	rep, err := mustRun(t, s.src, DSMSink(c))
	if !errors.Is(err, dsm.ErrTokenExpired) {
		t.Fatalf("Run error = %v, want dsm.ErrTokenExpired", err)
	}

	if n, d := s.ome.Requests(), s.dsm.Requests()+s.dsm.AuthRequests(); n != 0 || d != 0 ||
		rep.Seen != 0 || rep.Requests != 0 {
		t.Errorf("OME saw %d requests, DSM %d, the report %d and %d devices; want none",
			n, d, rep.Requests, rep.Seen)
	}
}
