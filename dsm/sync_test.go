package dsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// fakeFunction answers sync requests by a rule on the devices it gets,
// and logs the size of each request.
type fakeFunction struct {
	mu    sync.Mutex
	sizes []int
	rule  func(n int, tags []string) (int, string)
}

func (f *fakeFunction) respond(req *http.Request) (*http.Response, error) {
	var body SyncRequest
	if err := json.NewDecoder(req.Body).Decode(&body); err != nil {
		return nil, err
	}

	tags := make([]string, len(body.Devices))
	for i, d := range body.Devices {
		tags[i] = d.ServiceTag
	}

	f.mu.Lock()
	f.sizes = append(f.sizes, len(tags))
	f.mu.Unlock()

	status, text := f.rule(len(tags), tags)

	return httpmock.NewStringResponse(status, text), nil
}

// okRule accepts everything, refusing tags that end in 7.
func okRule(n int, tags []string) (int, string) {
	var errs []string
	for _, t := range tags {
		if strings.HasSuffix(t, "7") {
			errs = append(errs, fmt.Sprintf(`{"service_tag":%q,"message":"refused"}`, t))
		}
	}

	return 200, fmt.Sprintf(`{"success":true,"summary":{"total":%d,"new":%d,"updated":0,"auto_linked":1,`+
		`"errors":%d},"errors":[%s],"timestamp":"2025-11-06T14:30:08Z"}`,
		n, n-len(errs), len(errs), strings.Join(errs, ","))
}

// syncWith runs Sync of n records against rule.
func syncWith(t *testing.T, n int, rule func(int, []string) (int, string), opts ...Option) (
	*SyncResult, *fakeFunction, error,
) {
	t.Helper()

	mt := httpmock.NewMockTransport()
	f := &fakeFunction{rule: rule}
	mt.RegisterResponder(http.MethodPost, testSync, f.respond)
	c, _ := newTestClient(t, mt, opts...)

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(n)})
	if res == nil {
		t.Fatal("Sync returned a nil result")
	}

	if res.Requests != int(c.Requests()) {
		t.Errorf("SyncResult.Requests = %d, Client.Requests() = %d", res.Requests, c.Requests())
	}

	return res, f, err
}

func TestSyncBatchesAndAggregates(t *testing.T) {
	t.Parallel()

	res, f, err := syncWith(t, 250, okRule)
	if err != nil {
		t.Fatal(err)
	}

	if diff := cmp.Diff([]int{100, 100, 50}, f.sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}

	want := Summary{Total: 250, New: 225, AutoLinked: 3, Errors: 25}
	if diff := cmp.Diff(want, res.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	if len(res.Errors) != 25 || res.Errors[0] != (DeviceError{ServiceTag: "T0007", Message: "refused"}) {
		t.Errorf("errors = %d, first %+v", len(res.Errors), res.Errors[0])
	}
}

func TestSyncEmptySendsNothing(t *testing.T) {
	t.Parallel()

	res, f, err := syncWith(t, 0, okRule)
	if err != nil || len(f.sizes) != 0 || res.Summary != (Summary{}) {
		t.Errorf("Sync of nothing = %+v, %v after %d requests", res, err, len(f.sizes))
	}
}

// limitRule answers 546 above max devices, and whenever tag T0005 is in.
func limitRule(max int) func(int, []string) (int, string) {
	return func(n int, tags []string) (int, string) {
		if n > max || slices.Contains(tags, "T0005") {
			return 546, `{"code":"WORKER_LIMIT","message":"limit"}`
		}

		return okRule(n, tags)
	}
}

func TestSync546SplitsInHalves(t *testing.T) {
	t.Parallel()

	res, f, err := syncWith(t, 10, limitRule(3), WithBatchSize(10))

	// 10 -> 5 (546) -> 2, 3 | 5 (546) -> 2 (546: T0005) -> 1 (546: T0005) -> stop
	wantSizes := []int{10, 5, 2, 3, 5, 2, 1}
	if diff := cmp.Diff(wantSizes, f.sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}

	want := Summary{Total: 5, New: 5, AutoLinked: 2}
	if diff := cmp.Diff(want, res.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	var pe *PartialError
	if !errors.As(err, &pe) || !errors.Is(err, ErrResourceLimit) || pe.Records != 5 || pe.Total != 10 {
		t.Fatalf("err = %v, want a *PartialError for 5 of 10 records wrapping ErrResourceLimit", err)
	}

	var failed []string
	for _, fb := range res.Failed {
		for _, r := range fb.Records {
			failed = append(failed, r.ServiceTag)
		}
	}

	if diff := cmp.Diff([]string{"T0005", "T0006", "T0007", "T0008", "T0009"}, failed); diff != "" {
		t.Errorf("failed records (-want +got):\n%s", diff)
	}
}

func TestSync546OnOneRecordStopsTheRun(t *testing.T) {
	t.Parallel()

	rule := func(int, []string) (int, string) { return 546, `{"code":"WORKER_LIMIT","message":"limit"}` }
	res, f, err := syncWith(t, 250, rule)

	// 100 -> 50 -> 25 -> 12 -> 6 -> 3 -> 1, then nothing more is sent.
	if diff := cmp.Diff([]int{100, 50, 25, 12, 6, 3, 1}, f.sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}

	if !errors.Is(err, ErrResourceLimit) || res.FailedRecords() != 250 ||
		!strings.Contains(fmt.Sprint(err), "even for one record") || !StopsRun(err) {
		t.Errorf("err %v, %d failed records; want ErrResourceLimit for all 250 records", err,
			res.FailedRecords())
	}
}

func TestSyncFailedBatchOthersGoOn(t *testing.T) {
	t.Parallel()

	calls := 0
	rule := func(n int, tags []string) (int, string) {
		calls++
		switch calls {
		case 2:
			return 400, `{"success":false,"error":"devices[3].cpu_count must be an integer"}`
		case 3:
			return 200, `{"success":false,"error":"database unavailable"}`
		}

		return okRule(n, tags)
	}

	res, f, err := syncWith(t, 8, rule, WithBatchSize(2))
	if len(f.sizes) != 4 || res.Summary.Total != 4 {
		t.Errorf("requests %v, total %d; want 4 requests and 4 records synced", f.sizes, res.Summary.Total)
	}

	var got []string
	for _, fb := range res.Failed {
		first, last := fb.Records[0].ServiceTag, fb.Records[len(fb.Records)-1].ServiceTag
		got = append(got, fmt.Sprintf("%s..%s %v %v", first, last,
			errors.Is(fb.Err, ErrBadRequest), errors.Is(fb.Err, ErrSyncFailed)))
	}

	want := []string{"T0002..T0003 true false", "T0004..T0005 false true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failed batches (-want +got):\n%s", diff)
	}

	if !strings.Contains(fmt.Sprint(err), "4 of 8 records not synced in 2 failed batches") {
		t.Errorf("err = %v", err)
	}
}

func TestSyncStopsWhenEveryBatchWouldFail(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		status   int
		body     string
		sentinel error
	}{
		{"wrong url", 404, `{"message":"requested function was not found"}`, ErrNotFound},
		{"static token refused", 401, `{"code":401,"message":"Invalid JWT"}`, ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			rule := func(int, []string) (int, string) { return tt.status, tt.body }
			res, f, err := syncWith(t, 5, rule, WithBatchSize(2), WithTokenSource(staticTS(t)))

			if !errors.Is(err, tt.sentinel) || len(f.sizes) != 1 || len(res.Failed) != 3 || res.FailedRecords() != 5 {
				t.Errorf("err %v after %d requests, %d failed batches of %d records",
					err, len(f.sizes), len(res.Failed), res.FailedRecords())
			}
		})
	}
}

func TestSyncExpiredStaticTokenSendsNothing(t *testing.T) {
	t.Parallel()

	ts, _ := StaticToken(testJWT("ops", time.Now().Add(-time.Hour)))
	res, f, err := syncWith(t, 3, okRule, WithTokenSource(ts))
	if !errors.Is(err, ErrTokenExpired) || len(f.sizes) != 0 || res.FailedRecords() != 3 {
		t.Errorf("err %v after %d requests, %d failed records", err, len(f.sizes), res.FailedRecords())
	}
}

func TestNoTokenInAnyErrorText(t *testing.T) {
	t.Parallel()

	jwt := testJWT("secret-subject", time.Now().Add(time.Hour))
	echo := func(status int, ct string) func(*http.Request) (*http.Response, error) {
		return func(req *http.Request) (*http.Response, error) {
			h := req.Header.Get("Authorization")
			body := fmt.Sprintf(`{"code":401,"message":"refused %s","hint":"%s"}`, h, h)
			if ct != "application/json" {
				body = "<html>refused " + h + " and " + strings.TrimPrefix(h, "Bearer ") + "</html>"
			}

			resp := httpmock.NewStringResponse(status, body)
			resp.Header.Set("Content-Type", ct)
			resp.Header.Set("sb-error-code", strings.TrimPrefix(h, "Bearer "))

			return resp, nil
		}
	}

	for _, status := range []int{200, 400, 401, 404, 500, 502, 503, 504, 546} {
		for _, ct := range []string{"application/json", "text/html"} {
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, testSync, echo(status, ct))
			ts, _ := StaticToken(jwt)
			c, _ := newTestClient(t, mt, WithTokenSource(ts), WithRetry(RetryPolicy{MaxRetries: -1}))

			res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(1)})
			text := fmt.Sprintf("%v %+v %#v", err, res, res)
			if err == nil || strings.Contains(text, jwt) || strings.Contains(text, strings.Split(jwt, ".")[1]) {
				t.Errorf("%d %s: err = %v; want an error without the token", status, ct, err)
			}
		}
	}
}

func TestSyncStopsWhenDSMIsUnreachable(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	refused := errors.New("dial tcp 192.0.2.1:443: connect: connection refused")
	mt.RegisterResponder(http.MethodPost, testSync, httpmock.NewErrorResponder(refused))
	c, _ := newTestClient(t, mt, WithBatchSize(2))

	res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(5)})

	// One batch: 1 try + DefaultMaxRetries retries; the other two are not sent.
	if n := mt.GetTotalCallCount(); n != 1+DefaultMaxRetries {
		t.Errorf("requests = %d, want %d", n, 1+DefaultMaxRetries)
	}

	if !errors.Is(err, refused) || !StopsRun(err) || len(res.Failed) != 3 ||
		res.FailedRecords() != 5 {
		t.Fatalf("err %v, %d failed batches of %d records; want 3 batches of 5 records",
			err, len(res.Failed), res.FailedRecords())
	}

	for i, fb := range res.Failed {
		if fb.Err != res.Failed[0].Err {
			t.Errorf("failed batch %d has error %v, want the first batch's error", i, fb.Err)
		}
	}
}

func TestSyncServerErrorsFailOnlyTheirBatch(t *testing.T) {
	t.Parallel()

	for _, status := range []int{500, 503, 504} {
		rule := func(int, []string) (int, string) { return status, `{"message":"busy"}` }
		res, f, err := syncWith(t, 5, rule, WithBatchSize(2))

		perBatch := 1 + DefaultMaxRetries
		if status == 500 {
			perBatch = 2
		}

		if !errors.Is(err, ErrServer) || len(f.sizes) != 3*perBatch || res.FailedRecords() != 5 {
			t.Errorf("%d: err %v after %d requests, want %d requests (every batch sent)",
				status, err, len(f.sizes), 3*perBatch)
		}
	}
}

func TestStopsRunOnlyForErrorsEveryBatchShares(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"unauthorized", fmt.Errorf("batch: %w", ErrUnauthorized), true},
		{"expired token", ErrTokenExpired, true},
		{"no function", &APIError{StatusCode: http.StatusNotFound}, true},
		{"unreachable", &transportError{err: errors.New("connection refused")}, true},
		{"546 for one record", &oneRecordLimitError{tag: "TST1", err: ErrResourceLimit}, true},
		{"token source failed", &tokenError{err: errors.New("auth server unreachable")}, true},
		{"546 for a batch", &APIError{StatusCode: statusResourceLimit}, false},
		{"503", &APIError{StatusCode: http.StatusServiceUnavailable}, false},
		{"bad request", &APIError{StatusCode: http.StatusBadRequest}, false},
	}
	for _, tt := range tests {
		if got := StopsRun(tt.err); got != tt.want {
			t.Errorf("StopsRun(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSyncFailsABadRecordAloneAndSendsTheOthers(t *testing.T) {
	t.Parallel()

	tests := map[string]struct {
		extra map[string]any
		tag   string
		want  string
	}{
		"standard key": {extra: map[string]any{"hostname": "x"}, tag: "T0042", want: `"hostname"`},
		"empty key":    {extra: map[string]any{"": 1}, tag: "T0042", want: "empty key"},
		"NaN":          {extra: map[string]any{"load": math.NaN()}, tag: "T0042", want: `"load"`},
		"channel":      {extra: map[string]any{"c": make(chan int)}, tag: "T0042", want: `"c"`},
		"no tag":       {tag: " ", want: "service tag"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			f := &fakeFunction{rule: okRule}
			mt.RegisterResponder(http.MethodPost, testSync, f.respond)
			c, _ := newTestClient(t, mt)
			recs := records(100)
			recs[42].Extra, recs[42].ServiceTag = tt.extra, tt.tag

			res, err := c.Sync(t.Context(), &SyncRequest{Devices: recs})
			if diff := cmp.Diff([]int{99}, f.sizes); diff != "" {
				t.Errorf("request sizes (-want +got):\n%s", diff)
			}

			assertOneBadRecord(t, res, err, "10042", tt.want)
		})
	}
}

// assertOneBadRecord checks that the record with device id id failed
// alone with a *RecordError naming it and holding want.
func assertOneBadRecord(t *testing.T, res *SyncResult, err error, id, want string) {
	t.Helper()

	var pe *PartialError
	if !errors.As(err, &pe) || pe.Records != 1 || pe.Total != 100 {
		t.Fatalf("err = %v, want a *PartialError for 1 of 100 records", err)
	}

	if len(res.Failed) != 1 || len(res.Failed[0].Records) != 1 || res.Failed[0].Records[0].DeviceID != id {
		t.Fatalf("failed = %+v, want the one bad record", res.Failed)
	}

	var re *RecordError
	if !errors.As(res.Failed[0].Err, &re) || re.DeviceID != id || StopsRun(re) {
		t.Fatalf("failure = %v, want a *RecordError for device %s that does not stop the run",
			res.Failed[0].Err, id)
	}

	if msg := re.Error(); !strings.Contains(msg, id) || !strings.Contains(msg, want) {
		t.Errorf("error %q does not name the device %s and %s", msg, id, want)
	}

	if res.Summary.Total != 99 {
		t.Errorf("summary total = %d, want 99", res.Summary.Total)
	}
}

func TestSyncStopsWhenTheTokenSourceFails(t *testing.T) {
	t.Parallel()

	reset := errors.New("read tcp 192.0.2.1:443: connection reset by peer")
	tests := map[string]struct {
		password bool
		store    string
		fail     error
		status   int
		grants   int
	}{
		"password, auth unreachable": {password: true, fail: reset, grants: 1},
		"password, auth 503":         {password: true, status: 503, grants: 1},
		"refresh, auth unreachable":  {store: "rt-0", fail: reset, grants: 1},
		"refresh, auth 503":          {store: "rt-0", status: 503, grants: 1},
		"refresh, empty store":       {store: "", grants: 0},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, testAuth,
				failOr(tt.fail, tt.status, `{"message":"unavailable"}`))
			f := &fakeFunction{rule: okRule}
			mt.RegisterResponder(http.MethodPost, testSync, f.respond)
			hc := WithHTTPClient(&http.Client{Transport: mt})
			var ts TokenSource
			ts, _ = NewRefreshSource(testBase, "anon", NewMemoryStore(tt.store), hc)
			if tt.password {
				ts, _ = NewPasswordSource(testBase, "anon", "ops@example.com", "pw", hc)
			}

			c, _ := newTestClient(t, mt, WithTokenSource(ts))
			res, err := c.Sync(t.Context(), &SyncRequest{Devices: records(1000)})

			stops := 0
			if StopsRun(err) && StopsRun(res.Failed[9].Err) {
				stops = 1
			}

			got := []int{mt.GetCallCountInfo()["POST "+testAuth], len(f.sizes),
				len(res.Failed), res.FailedRecords(), stops}
			if diff := cmp.Diff([]int{tt.grants, 0, 10, 1000, 1}, got); diff != "" {
				t.Errorf("[grants syncs failed-batches failed-records stops] (-want +got):\n%s\n"+
					"err: %v", diff, err)
			}
		})
	}
}

func TestSync413SplitsDownToOneRecordThatFailsAlone(t *testing.T) {
	t.Parallel()

	rule := func(n int, tags []string) (int, string) {
		if n > 2 || slices.Contains(tags, "T0003") {
			return 413, "request entity too large"
		}

		return okRule(n, tags)
	}
	res, f, err := syncWith(t, 8, rule, WithBatchSize(8))

	// 8 -> 4 -> 2 ok | 2 -> 1 ok | 1 (T0003) fails alone; 4 -> 2 ok | 2 ok.
	if diff := cmp.Diff([]int{8, 4, 2, 2, 1, 1, 4, 2, 2}, f.sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff(Summary{Total: 7, New: 6, AutoLinked: 4, Errors: 1}, res.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	if len(res.Failed) != 1 {
		t.Fatalf("failed batches = %+v, want one", res.Failed)
	}

	fb := res.Failed[0]
	got := []any{fb.Records[0].ServiceTag, len(fb.Records), errors.Is(err, ErrResourceLimit),
		StopsRun(fb.Err), errText(fb.Err)}
	want := []any{"T0003", 1, true, false,
		`dsm: 413 request entity too large: untyped body, not json: "request entity too large"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("[tag records resource-limit stops error] (-want +got):\n%s", diff)
	}
}
