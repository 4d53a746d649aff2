package dsm

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// TestCallsWithEndedContext send nothing when ctx has already ended: Sync
// fails every record with ctx's error wrapped, Post and CheckToken return
// it, and neither the function nor the auth server gets a request.
func TestCallsWithEndedContext(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	onSync(mt, canned{200, okBody(3), nil})
	mt.RegisterResponder(http.MethodPost, testBase+AuthPath,
		httpmock.NewStringResponder(http.StatusOK, `{"access_token":"x","expires_in":3600}`))
	hc := &http.Client{Transport: mt}
	ps, err := NewPasswordSource(testBase, "", "ops@example.com", "pw", WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}

	c, _ := newTestClient(t, mt, WithTokenSource(ps), WithBatchSize(2))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	res, err := c.Sync(ctx, &SyncRequest{Devices: records(3)})
	_, perr := c.Post(ctx, &SyncRequest{Devices: records(1)})
	cerr := c.CheckToken(ctx)
	for name, err := range map[string]error{"Sync": err, "Post": perr, "CheckToken": cerr} {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s error = %v, want context.Canceled", name, err)
		}
	}

	batch := func(recs []Record) FailedBatch {
		return FailedBatch{Records: recs, Err: errors.New(endedText)}
	}
	want := &SyncResult{Failed: []FailedBatch{batch(records(3)[:2]), batch(records(3)[2:])}}
	if diff := cmp.Diff(want, res, cmp.Comparer(sameText)); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}

	texts := []string{errText(err), errText(perr), errText(cerr)}
	wantTexts := []string{"dsm: 3 of 3 records not synced in 2 failed batches; first: " +
		endedText, endedText, "dsm: token not checked, as the context has ended: context canceled"}
	if diff := cmp.Diff(wantTexts, texts); diff != "" {
		t.Errorf("errors of Sync, Post, CheckToken (-want +got):\n%s", diff)
	}

	if n := mt.GetTotalCallCount(); n != 0 || c.Requests() != 0 {
		t.Errorf("%d requests (%d counted); want none", n, c.Requests())
	}
}

// endedText is the error of a call made with an ended context.
const endedText = "dsm: nothing sent, as the context has ended: context canceled"

// sameText compares errors by their text.
func sameText(a, b error) bool { return errText(a) == errText(b) }
