package omesim

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchServer is a 50,000-device simulator served without TLS or sockets.
func benchServer(b *testing.B) (*Server, string) {
	b.Helper()
	srv := newServer(Config{Devices: Generate(1, 50000)})
	sess, err := srv.sessions.create("admin", "192.0.2.1")
	if err != nil {
		b.Fatal(err)
	}

	return srv, sess.token
}

// serve runs one request through the handler and checks for 200.
func serve(b *testing.B, srv *Server, tok, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("X-Auth-Token", tok)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: status %d", path, rec.Code)
	}
}

func BenchmarkDevicePage500(b *testing.B) {
	srv, tok := benchServer(b)
	for b.Loop() {
		serve(b, srv, tok, "/api/DeviceService/Devices?$filter=Type%20eq%201000&$skip=25000&$top=500")
	}
}

func BenchmarkInventoryOneType(b *testing.B) {
	srv, tok := benchServer(b)
	for b.Loop() {
		serve(b, srv, tok, "/api/DeviceService/Devices(20004)/InventoryDetails('deviceSoftware')")
	}
}

func BenchmarkInventoryAllTypes(b *testing.B) {
	srv, tok := benchServer(b)
	for b.Loop() {
		serve(b, srv, tok, "/api/DeviceService/Devices(20004)/InventoryDetails")
	}
}
