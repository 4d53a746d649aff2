package omesim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFailAndHTMLFaultsAreConsumedPerRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		inject      func(*Server)
		wantStatus  []int
		contentType string
	}{
		{"fail 503 twice", func(s *Server) { s.FailNext("devices", 503, 2) },
			[]int{503, 503, 200}, "application/json; charset=utf-8"},
		{"html 502 once", func(s *Server) { s.HTMLNext("devices", 502, 1) },
			[]int{502, 200, 200}, "text/html; charset=iso-8859-1"},
		{"any kind", func(s *Server) { s.FailNext("any", 500, 1) },
			[]int{500, 200, 200}, "application/json; charset=utf-8"},
		{"other kind untouched", func(s *Server) { s.FailNext("inventory", 500, 5) },
			[]int{200, 200, 200}, ""},
		{"queued in order", func(s *Server) {
			s.FailNext("devices", 500, 1)
			s.HTMLNext("devices", 504, 1)
		}, []int{500, 504, 200}, "application/json; charset=utf-8"},
	}

	for _, tt := range tests {
		srv := start(t, Config{})
		tok, _ := login(t, srv)
		tt.inject(srv)
		for i, want := range tt.wantStatus {
			r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices", tok, nil)
			if r.status != want {
				t.Errorf("%s: request %d status %d, want %d", tt.name, i, r.status, want)
			}

			if i == 0 && tt.contentType != "" && r.header.Get("Content-Type") != tt.contentType {
				t.Errorf("%s: Content-Type %q, want %q", tt.name, r.header.Get("Content-Type"), tt.contentType)
			}
		}
	}
}

func TestFailFaultOnLogin(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	srv.FailNext("login", 503, 1)

	r := do(t, srv, http.MethodPost, "/api/SessionService/Sessions", "",
		map[string]string{"UserName": "admin", "Password": "admin", "SessionType": "API"})
	if r.status != 503 || messageID(r.body) == "" || srv.Logins() != 0 {
		t.Errorf("status %d, MessageId %q, logins %d", r.status, messageID(r.body), srv.Logins())
	}

	login(t, srv)
}

func TestTruncateAndMalformedBreakJSON(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)
	good := do(t, srv, http.MethodGet, "/api/DeviceService/Devices(1001)/InventoryDetails", tok, nil)

	for _, inject := range []func(){
		func() { srv.TruncateNext("inventory", 1) },
		func() { srv.MalformedNext("inventory", 1) },
	} {
		inject()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
			srv.URL()+"/api/DeviceService/Devices(1001)/InventoryDetails", nil)
		if err != nil {
			t.Fatal(err)
		}

		req.Header.Set("X-Auth-Token", tok)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}

		var v any
		err = json.NewDecoder(resp.Body).Decode(&v)
		resp.Body.Close()
		if resp.StatusCode != 200 || err == nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("status %d, decode error %v; want 200 with broken JSON", resp.StatusCode, err)
		}
	}

	again := do(t, srv, http.MethodGet, "/api/DeviceService/Devices(1001)/InventoryDetails", tok, nil)
	if again.status != 200 || len(again.raw) != len(good.raw) {
		t.Errorf("after the faults: status %d, %d bytes; want 200, %d", again.status, len(again.raw), len(good.raw))
	}
}

func TestSlowNextHonoursClientTimeout(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, _ := login(t, srv)
	srv.SlowNext("device", time.Minute, 1)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/api/DeviceService/Devices(20004)", nil)
	if err != nil {
		t.Fatal(err)
	}

	req.Header.Set("X-Auth-Token", tok)
	began := time.Now()
	_, err = srv.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 10*time.Second {
		t.Errorf("err = %v after %v; want a deadline error quickly", err, time.Since(began))
	}

	get(t, srv, tok, "/api/DeviceService/Devices(20004)")
}

func TestExpireSessions(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, _ := login(t, srv)
	srv.ExpireSessions()

	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices", tok, nil); r.status != 401 {
		t.Errorf("status %d after ExpireSessions, want 401", r.status)
	}

	if srv.OpenSessions() != 0 || srv.Logouts() != 0 {
		t.Errorf("OpenSessions %d, Logouts %d; want 0, 0", srv.OpenSessions(), srv.Logouts())
	}
}

func TestExpireAfterLetsNRequestsThrough(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Generate(1, 10), PageSize: 2})
	tok, _ := login(t, srv)
	srv.ExpireAfter("devices", 2)

	get(t, srv, tok, "/api/ApplicationService/Info")
	get(t, srv, tok, "/api/DeviceService/Devices")
	get(t, srv, tok, "/api/DeviceService/Devices?$skip=2&$top=2")
	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices?$skip=4&$top=2", tok, nil); r.status != 401 {
		t.Fatalf("third page: status %d, want 401", r.status)
	}

	fresh, _ := login(t, srv)
	for range 3 {
		get(t, srv, fresh, "/api/DeviceService/Devices?$skip=4&$top=2")
	}
}

func TestLatencyIsAddedAndCanChange(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Latency: 30 * time.Millisecond})
	tok, _ := login(t, srv)

	began := time.Now()
	get(t, srv, tok, "/api/ApplicationService/Info")
	if d := time.Since(began); d < 30*time.Millisecond {
		t.Errorf("request took %v, want at least the 30ms latency", d)
	}

	srv.SetLatency(0)
	if d := time.Duration(srv.latency.Load()); d != 0 {
		t.Errorf("latency after SetLatency(0) = %v", d)
	}
}

func TestRequestCounters(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, id := login(t, srv)
	get(t, srv, tok, "/api/DeviceService/Devices")
	get(t, srv, tok, "/api/DeviceService/Devices(1001)")
	get(t, srv, tok, "/api/DeviceService/Devices(1001)/InventoryDetails('deviceSoftware')")
	get(t, srv, tok, "/api/GroupService/Groups(1010)/Devices")
	get(t, srv, tok, "/api/ApplicationService/Info")
	do(t, srv, http.MethodDelete, "/api/SessionService/Sessions('"+id+"')", tok, nil)

	want := map[string]int64{"login": 1, "logout": 1, "devices": 2, "device": 1, "inventory": 1, "other": 1}
	got := srv.RequestsByKind()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}

	if srv.Requests() != 7 {
		t.Errorf("Requests = %d, want 7", srv.Requests())
	}
}

func TestUnknownKindPanics(t *testing.T) {
	t.Parallel()
	srv := newServer(Config{})
	defer func() {
		if recover() == nil {
			t.Error("FailNext with an unknown kind did not panic")
		}
	}()

	srv.FailNext("devcies", 500, 1)
}
