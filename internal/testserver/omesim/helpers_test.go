package omesim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// start runs a simulator for the test and closes it at the end.
func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	srv := Start(cfg)
	t.Cleanup(srv.Close)

	return srv
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// do sends a request with an optional token and JSON body.
func do(t *testing.T, srv *Server, method, path, token string, body any) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}

		rd = bytes.NewReader(b)
	}

	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}

	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}

	return send(t, srv, req)
}

// send performs req and decodes a JSON body when there is one.
func send(t *testing.T, srv *Server, req *http.Request) reply {
	t.Helper()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v", req.Method, req.URL.Path, err)
		}
	}

	return r
}

// login opens a session as admin/admin and returns its token and Id.
func login(t *testing.T, srv *Server) (token, id string) {
	t.Helper()
	r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "",
		map[string]string{"UserName": "admin", "Password": "admin", "SessionType": "API"})
	if r.status != http.StatusCreated {
		t.Fatalf("login: status %d, body %s", r.status, r.raw)
	}

	return r.header.Get("X-Auth-Token"), r.body["Id"].(string)
}

// get fetches path with a token and fails the test on a non-200 answer.
func get(t *testing.T, srv *Server, token, path string) map[string]any {
	t.Helper()
	r := do(t, srv, http.MethodGet, path, token, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", path, r.status, r.raw)
	}

	return r.body
}

// messageID returns the first MessageId of an error body.
func messageID(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	info, _ := e["@Message.ExtendedInfo"].([]any)
	if len(info) == 0 {
		return ""
	}

	m, _ := info[0].(map[string]any)
	id, _ := m["MessageId"].(string)

	return id
}

// ids returns the Id of every item in a collection body.
func ids(body map[string]any) []int {
	var out []int
	for _, v := range body["value"].([]any) {
		out = append(out, int(v.(map[string]any)["Id"].(float64)))
	}

	return out
}
