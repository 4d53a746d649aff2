package app

import (
	"errors"
	"strings"
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
		{"defaults", map[string]string{}, Config{OMEVerifySSL: true}, false},
		{"all set", map[string]string{
			"OME_HOST": "ome.example.com", "OME_PORT": "8443", "OME_USERNAME": "syncbot",
			"OME_PASSWORD": "pw", "OME_VERIFY_SSL": "False", "DSM_URL": "https://x.example.com",
			"DSM_JWT_TOKEN": " a.b.c \n", "DSM_API_KEY": "k", "DSM_EMAIL": "e@example.com", "DSM_PASSWORD": "p",
		}, Config{
			OMEHost: "ome.example.com", OMEPort: 8443, OMEUsername: "syncbot", OMEPassword: "pw",
			DSMURL: "https://x.example.com", DSMToken: "a.b.c", DSMAPIKey: "k",
			DSMEmail: "e@example.com", DSMPassword: "p",
		}, false},
		{"line endings of an env file", map[string]string{
			"OME_USERNAME": "admin\r", "OME_PASSWORD": "pw \r\n", "DSM_EMAIL": "e@example.com\r",
			"DSM_PASSWORD": "p\r", "DSM_API_KEY": "k\r\n",
		}, Config{
			OMEVerifySSL: true, OMEUsername: "admin", OMEPassword: "pw ",
			DSMEmail: "e@example.com", DSMPassword: "p", DSMAPIKey: "k",
		}, false},
		{"bad port", map[string]string{"OME_PORT": "https"}, Config{}, true},
		{"port 0", map[string]string{"OME_PORT": "0"}, Config{}, true},
		{"signed port", map[string]string{"OME_PORT": "+1"}, Config{}, true},
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

func TestOMEBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host    string
		port    int
		want    string
		wantSub string // an error saying this
	}{
		{"ome.example.com", 0, "https://ome.example.com:443", ""},
		{" 127.0.0.1\t", 0, "https://127.0.0.1:443", ""},
		{"192.0.2.10", 8443, "https://192.0.2.10:8443", ""},
		{"127.0.0.1:45041", 0, "https://127.0.0.1:45041", ""},
		{"127.0.0.1:45041", 45041, "https://127.0.0.1:45041", ""},
		{"2001:db8::1", 443, "https://[2001:db8::1]:443", ""},
		{"[2001:db8::1]:8443", 0, "https://[2001:db8::1]:8443", ""},
		{"https://127.0.0.1:9999/", 0, "https://127.0.0.1:9999", ""},
		{"https://127.0.0.1", 45041, "https://127.0.0.1:45041", ""},
		{"HTTPS://ome.example.com", 0, "https://ome.example.com:443", ""},
		{"https://127.0.0.1:9999", 8443, "", "port 9999 and OME_PORT (--ome-port) gives port 8443"},
		{"127.0.0.1:45041", 443, "", "port 45041 and OME_PORT (--ome-port) gives port 443"},
		{"http://ome.example.com", 0, "", "OME needs HTTPS"},
		{"https://ome.example.com/api", 0, "", "without a path"},
		{"ome.example.com/api", 0, "", "no path"},
		{"ftp://ome.example.com", 0, "", `scheme "ftp"`},
		{"ome.example.com:https", 0, "", "not a number from 1 to 65535"},
		{"ome.example.com:0", 0, "", "not a number from 1 to 65535"},
		{"https://:8443", 0, "", "no host"},
		{"127.0.0.1:", 0, "", "no port after the ':'"},
		{"[2001:db8::1]:", 0, "", "no port after the ':'"},
		{"https://127.0.0.1:", 0, "", "no port after the ':'"},
		{"127.0.0.1:+443", 0, "", `port "+443" is not a number from 1 to 65535`},
		{"https://admin:pw@ome.example.com", 0, "", "credentials do not belong in OME_HOST"},
		{"admin:pw@ome.example.com", 0, "", `"xxxxx@ome.example.com": credentials do not belong`},
		{"https://ome.example.com/#x", 0, "", "without a path, query or fragment"},
		{"https://ome.example.com?", 0, "", "without a path, query or fragment"},
	}
	for _, tt := range tests {
		c := Config{OMEHost: tt.host, OMEPort: tt.port}
		got, err := c.OMEBaseURL()
		if tt.wantSub != "" {
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.wantSub) {
				t.Errorf("OMEBaseURL(%q, %d) = %q, %v; want ErrConfig saying %q", tt.host, tt.port, got, err, tt.wantSub)
			}

			continue
		}

		if err != nil || got != tt.want {
			t.Errorf("OMEBaseURL(%q, %d) = %q, %v; want %q", tt.host, tt.port, got, err, tt.want)
		}
	}
}
