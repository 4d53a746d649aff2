package app

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func getenvOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{"defaults", map[string]string{}, Config{OMEPort: 443, OMEVerifySSL: true}, false},
		{"all set", map[string]string{
			"OME_HOST": "ome.example.com", "OME_PORT": "8443", "OME_USERNAME": "syncbot",
			"OME_PASSWORD": "pw", "OME_VERIFY_SSL": "False", "DSM_URL": "https://x.example.com",
			"DSM_JWT_TOKEN": " a.b.c \n", "DSM_API_KEY": "k", "DSM_EMAIL": "e@example.com", "DSM_PASSWORD": "p",
		}, Config{
			OMEHost: "ome.example.com", OMEPort: 8443, OMEUsername: "syncbot", OMEPassword: "pw",
			DSMURL: "https://x.example.com", DSMToken: "a.b.c", DSMAPIKey: "k",
			DSMEmail: "e@example.com", DSMPassword: "p",
		}, false},
		{"bad port", map[string]string{"OME_PORT": "https"}, Config{}, true},
		{"bad bool", map[string]string{"OME_VERIFY_SSL": "maybe"}, Config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FromEnv(getenvOf(tt.env))
			if tt.wantErr {
				if !errors.Is(err, ErrConfig) {
					t.Fatalf("FromEnv error = %v, want ErrConfig", err)
				}

				return
			}

			if err != nil {
				t.Fatal(err)
			}

			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromEnv (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOMEURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host string
		port int
		want string
	}{
		{"ome.example.com", 0, "https://ome.example.com:443"},
		{"192.0.2.10", 8443, "https://192.0.2.10:8443"},
		{"2001:db8::1", 443, "https://[2001:db8::1]:443"},
		{"https://127.0.0.1:9999/", 443, "https://127.0.0.1:9999"},
	}
	for _, tt := range tests {
		c := Config{OMEHost: tt.host, OMEPort: tt.port}
		if got := c.OMEURL(); got != tt.want {
			t.Errorf("OMEURL(%q, %d) = %q, want %q", tt.host, tt.port, got, tt.want)
		}
	}
}
