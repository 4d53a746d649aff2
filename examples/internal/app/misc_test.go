package app

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/ome"
)

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key      string
		redacted bool
	}{
		{"password", true}, {"OME_PASSWORD", true}, {"x-auth-token", true}, {"Authorization", true},
		{"apikey", true}, {"client_secret", true}, {"device_id", false}, {"status", false},
	}
	for _, tt := range tests {
		got := Redact(nil, slog.String(tt.key, "v4lue")).Value.String()
		if (got == "[redacted]") != tt.redacted {
			t.Errorf("Redact(%q) = %q, want redacted=%v", tt.key, got, tt.redacted)
		}
	}
}

func TestFilterOptions(t *testing.T) {
	t.Parallel()
	ok := Filters{Types: []int{1000, 2000}, Model: "R650", ModelRegexp: "^PowerEdge",
		ServiceTags: []string{"ABC1234"}, NameRegexp: "esx", Group: "Prod"}
	opts, err := FilterOptions(&ok)
	if err != nil || len(opts) != 6 {
		t.Errorf("FilterOptions = %d options, %v; want 6, nil", len(opts), err)
	}

	for _, f := range []Filters{{ModelRegexp: "("}, {NameRegexp: "[z-a]"}} {
		_, err := FilterOptions(&f)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "regexp") {
			t.Errorf("FilterOptions(%+v) error = %v, want ErrConfig naming the flag", f, err)
		}
	}
}

func TestOMEHTTPClientCABundle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(bad, []byte("not pem"), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, file := range []string{bad, filepath.Join(dir, "missing.pem")} {
		cfg := Config{OMEVerifySSL: true, CACertFile: file}
		if _, err := OMEHTTPClient(&cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("OMEHTTPClient(ca %s) error = %v, want ErrConfig", file, err)
		}
	}
}

func TestExplainOME(t *testing.T) {
	t.Parallel()
	cfg := Config{OMEHost: "ome.example.com"}
	tlsErr := fmt.Errorf("%w: login: %w", ome.ErrCertificate, x509.UnknownAuthorityError{})
	got := ExplainOME(&cfg, tlsErr)
	if !errors.Is(got, tlsErr) || !strings.Contains(got.Error(), "OME_VERIFY_SSL=false") ||
		!strings.Contains(got.Error(), "--ca-cert") {
		t.Errorf("ExplainOME(tls) = %v, want the hint and the cause", got)
	}

	other := errors.New("ome: 401")
	if got := ExplainOME(&cfg, other); got != other {
		t.Errorf("ExplainOME(other) = %v, want it unchanged", got)
	}
}

func TestOMEHTTPClientKeepsConnectionsForWorkers(t *testing.T) {
	t.Parallel()
	cfg := Config{OMEVerifySSL: true}

	hc, err := OMEHTTPClient(&cfg)
	if err != nil {
		t.Fatal(err)
	}

	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T, want *http.Transport", hc.Transport)
	}
	if tr.MaxIdleConnsPerHost < 8 {
		t.Errorf("MaxIdleConnsPerHost = %d, want room for the inventory workers", tr.MaxIdleConnsPerHost)
	}
}
