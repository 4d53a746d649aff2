package dsm

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeSyncResponse(t *testing.T) {
	t.Parallel()

	doc := `{"success": true,
		"summary": {"total": 45, "new": 3, "updated": 42, "auto_linked": 40, "errors": 1},
		"errors": [{"service_tag": "7QZ4K2M", "message": "bad"}, {"device_id": 25114, "error": "no tag"}],
		"timestamp": "2025-11-06T14:30:08Z"}`

	got, err := decodeSyncResponse(answerOf(200, "application/json", ""), []byte(doc))
	if err != nil {
		t.Fatal(err)
	}

	want := &SyncResponse{Success: true, Summary: Summary{45, 3, 42, 40, 1}, Timestamp: "2025-11-06T14:30:08Z",
		Errors: []DeviceError{{ServiceTag: "7QZ4K2M", Message: "bad"}, {DeviceID: "25114", Message: "no tag"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}

	bad := map[string]error{
		`{"summary":{}}`:                     ErrNotJSON,
		`{"success":false,"error":"boom"}`:   ErrSyncFailed,
		`<html>login</html>`:                 ErrNotJSON,
		``:                                   ErrNotJSON,
		`{"success":true,"summary":"seven"}`: ErrNotJSON,
		`{"success":true}`:                   ErrNotJSON,
		`{"success":true,"summary":null}`:    ErrNotJSON,
	}
	_, err = decodeSyncResponse(answerOf(200, "text/html", ""), []byte("<html>login</html>"))
	wantText := `dsm: 200 ok but failed: text/html body, not json: "<html>login</html>"`
	if errors.Is(err, ErrSyncFailed) || err.Error() != wantText {
		t.Errorf("html 200: %v; want ErrNotJSON only", err)
	}

	for body, sentinel := range bad {
		_, err := decodeSyncResponse(answerOf(200, "application/json", ""), []byte(body))
		if !errors.Is(err, sentinel) {
			t.Errorf("%q: err = %v, want %v", body, err, sentinel)
		}
	}
}

func FuzzDecodeSyncResponse(f *testing.F) {
	seeds := []string{
		`{"success":true,"summary":{"total":1,"new":1,"updated":0,"auto_linked":0,"errors":0},"errors":[],` +
			`"timestamp":"2025-11-06T14:30:08Z"}`,
		`{"success":false,"error":"database unavailable"}`,
		`{"success":true,"errors":[{"device_id":25114,"error":"x"},{"service_tag":"A","message":"y"}]}`,
		`{"success":true,"summary":null,"errors":null}`,
		`<html><body>502 Bad Gateway</body></html>`,
		`{"code":401,"message":"Invalid JWT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"}`,
		``, `null`, `[]`, `{`, `{"success":"yes"}`,
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, body string) {
		out, err := decodeSyncResponse(answerOf(http.StatusOK, "application/json", ""), []byte(body))
		if (out == nil) == (err == nil) {
			t.Fatalf("decode gave %v and %v", out, err)
		}

		if out != nil && !out.Success {
			t.Fatal("accepted an answer that is not a success")
		}

		if err != nil && strings.Contains(err.Error(), "eyJzdWIiOiJ4In0") {
			t.Fatalf("token in error %q", err)
		}

		if err != nil && !errors.Is(err, ErrNotJSON) && !errors.Is(err, ErrSyncFailed) {
			t.Fatalf("error %v matches neither ErrNotJSON nor ErrSyncFailed", err)
		}
	})
}
