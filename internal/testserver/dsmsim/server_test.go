package dsmsim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// answer is what a test reads back from the simulator.
type answer struct {
	status int
	code   string
	body   map[string]any
}

// post sends body to path with an optional bearer token and apikey.
func post(t *testing.T, s *Server, path, token, apikey, body string) answer {
	t.Helper()

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}

	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}

	if apikey != "" {
		req.Header.Set("apikey", apikey)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, code: resp.Header.Get("sb-error-code")}
	_ = json.Unmarshal(raw, &a.body)

	return a
}

func TestUnknownPathIs404(t *testing.T) {
	t.Parallel()

	s := Start(Config{})
	defer s.Close()

	if got := post(t, s, "/functions/v1/other", "", "", "{}"); got.status != http.StatusNotFound {
		t.Errorf("status = %d, want 404", got.status)
	}
}

func TestGatewayRefusesBadTokens(t *testing.T) {
	t.Parallel()

	s := Start(Config{JWTSecret: []byte("secret-a")})
	defer s.Close()

	other := Start(Config{JWTSecret: []byte("secret-b")})
	defer other.Close()

	revoked := s.IssueToken("old@example.com", time.Hour)
	s.RevokeAll()

	tests := []struct {
		name, token, code, message string
	}{
		{"missing", "", CodeNoAuthHeader, "Missing authorization header"},
		{"not a jwt", "abc", CodeBadFormat, "Invalid JWT"},
		{"expired", s.IssueToken("a@example.com", -time.Second), CodeExpiredJWT, "Invalid JWT"},
		{"other secret", other.IssueToken("a@example.com", time.Hour), CodeInvalidJWT, "Invalid JWT"},
		{"revoked", revoked, CodeInvalidJWT, "Invalid JWT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := post(t, s, SyncPath, tt.token, "", `{"devices":[]}`)
			want := answer{401, tt.code, map[string]any{"code": 401.0, "message": tt.message}}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(answer{})); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}

	if got := s.Requests(); got != len(tests) {
		t.Errorf("Requests() = %d, want %d", got, len(tests))
	}
}

func TestBodyErrorsNameTheField(t *testing.T) {
	t.Parallel()

	s := Start(Config{})
	defer s.Close()

	tok := s.IssueToken("a@example.com", time.Hour)
	tests := []struct{ body, want string }{
		{`[]`, "body must be a json object"},
		{`{}`, "devices is required"},
		{`{"devices":[{"device_id":"1"}]}`, "devices[0].service_tag must be a non-empty string"},
		{`{"devices":[{"device_id":1,"service_tag":"A"}]}`, "devices[0].device_id must be a non-empty string"},
		{`{"devices":[{"device_id":"1","service_tag":"A","cpu_count":"2"}]}`,
			"devices[0].cpu_count must be an integer"},
		{`{"devices":[{"device_id":"1","service_tag":"A","memory_gb":1.5}]}`,
			"devices[0].memory_gb must be an integer"},
	}
	for _, tt := range tests {
		got := post(t, s, SyncPath, tok, "", tt.body)
		msg, _ := got.body["error"].(string)
		if got.status != http.StatusBadRequest || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: got %d %q, want 400 containing %q", tt.body, got.status, msg, tt.want)
		}
	}

	if n := len(s.Store()); n != 0 {
		t.Errorf("store holds %d records after refused bodies, want 0", n)
	}
}

func TestUpsertMergesNormalizesAndLinks(t *testing.T) {
	t.Parallel()

	s := Start(Config{VCenterSerials: []string{"abc1234", "ZZZ9999"}})
	defer s.Close()

	s.Put("abc1234", map[string]any{"device_id": "7", "model": "PowerEdge R640", "memory_gb": 256})
	tok := s.IssueToken("a@example.com", time.Hour)
	body := `{"manual":true,"devices":[
		{"device_id":"7","service_tag":" abc1234\t","cpu_count":2,"power_state":"on"},
		{"device_id":"8","service_tag":"new0001","memory_gb":64}]}`

	got := post(t, s, SyncPath, tok, "", body)
	wantSum := map[string]any{"total": 2.0, "new": 1.0, "updated": 1.0, "auto_linked": 1.0, "errors": 0.0}
	if diff := cmp.Diff(wantSum, got.body["summary"]); got.status != 200 || diff != "" {
		t.Fatalf("status %d, summary (-want +got):\n%s", got.status, diff)
	}

	wantStore := map[string]map[string]any{
		"ABC1234": {"device_id": "7", "service_tag": "ABC1234", "model": "PowerEdge R640",
			"memory_gb": 256, "cpu_count": 2, "power_state": "on"},
		"NEW0001": {"device_id": "8", "service_tag": "NEW0001", "memory_gb": 64},
	}
	if diff := cmp.Diff(wantStore, s.Store()); diff != "" {
		t.Errorf("store (-want +got):\n%s", diff)
	}

	again := post(t, s, SyncPath, tok, "", body)
	if n := again.body["summary"].(map[string]any)["auto_linked"]; n != 0.0 {
		t.Errorf("second request auto_linked = %v, want 0 (already linked)", n)
	}

	wantAudit := []Summary{{2, 1, 1, 1, 0}, {2, 0, 2, 0, 0}}
	if diff := cmp.Diff(wantAudit, s.Summaries()); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
}

func TestFaultKnobs(t *testing.T) {
	t.Parallel()

	s := Start(Config{})
	defer s.Close()

	tok := s.IssueToken("a@example.com", time.Hour)
	two := `{"devices":[{"device_id":"1","service_tag":"A"},{"device_id":"2","service_tag":"B"}]}`
	s.Fail503(1)
	s.Fail500(1)
	s.Limit546Above(1)
	s.Fail504AfterCommit(1)
	s.RejectTags("b")

	var got []answer
	for i := range 6 {
		if i == 4 {
			s.Limit546Above(0)
		}

		a := post(t, s, SyncPath, tok, "", two)
		got = append(got, answer{status: a.status, code: a.code})
	}

	want := []answer{{503, "BOOT_ERROR", nil}, {500, "", nil}, {546, "WORKER_LIMIT", nil},
		{546, "WORKER_LIMIT", nil}, {504, "IDLE_TIMEOUT", nil}, {200, "", nil}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(answer{})); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}

	wantAudit := []Summary{{2, 1, 0, 0, 1}, {2, 0, 1, 0, 1}}
	if diff := cmp.Diff(wantAudit, s.Summaries()); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
}

func TestRevokeAfterRefusesLaterRequestsOnce(t *testing.T) {
	t.Parallel()

	s := Start(Config{})
	defer s.Close()

	old := s.IssueToken("a@example.com", time.Hour)
	one := `{"devices":[{"device_id":"1","service_tag":"A"}]}`
	s.RevokeAfter(2)

	var got []int
	for range 4 {
		got = append(got, post(t, s, SyncPath, old, "", one).status)
	}

	fresh := s.IssueToken("a@example.com", time.Hour)
	got = append(got, post(t, s, SyncPath, fresh, "", one).status)
	if diff := cmp.Diff([]int{200, 200, 401, 401, 200}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}
