package app

import (
	"errors"
	"strings"
	"testing"
)

func validConfig() Config {
	return Config{
		OMEHost: "ome.example.com", OMEUsername: "u", OMEPassword: "secret-ome-pw",
		DSMURL: "https://dsm.example.com", DSMToken: "a.b.c",
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		change  func(*Config)
		wantSub string // "" means valid
	}{
		{"valid token", func(*Config) {}, ""},
		{"valid sign-in", func(c *Config) {
			c.DSMToken, c.DSMEmail, c.DSMPassword, c.DSMAPIKey = "", "e@example.com", "p", "k"
		}, ""},
		{"no host", func(c *Config) { c.OMEHost = "" }, "OME_HOST"},
		{"no password", func(c *Config) { c.OMEPassword = "" }, "OME_PASSWORD"},
		{"no dsm url", func(c *Config) { c.DSMURL = "" }, "DSM_URL"},
		{"no dsm credentials", func(c *Config) { c.DSMToken = "" }, "DSM_JWT_TOKEN"},
		{"dry run needs no DSM setting", func(c *Config) { c.DryRun, c.DSMURL, c.DSMToken = true, "", "" }, ""},
		{"email without password", func(c *Config) { c.DSMToken, c.DSMEmail = "", "e@example.com" },
			"DSM_EMAIL is set but DSM_PASSWORD (or --dsm-password-file) is missing"},
		{"password without email", func(c *Config) { c.DSMToken, c.DSMPassword = "", "p" },
			"DSM_PASSWORD (or --dsm-password-file) is set but DSM_EMAIL (--dsm-email) is missing"},
		{"sign-in without key", func(c *Config) {
			c.DSMToken, c.DSMEmail, c.DSMPassword = "", "e@example.com", "p"
		}, "DSM_API_KEY"},
		{"valid refresh token file", func(c *Config) {
			c.DSMToken, c.DSMRefreshFile, c.DSMAPIKey = "", "/var/lib/omesync/refresh", "k"
		}, ""},
		{"refresh token file without key", func(c *Config) {
			c.DSMToken, c.DSMRefreshFile = "", "/var/lib/omesync/refresh"
		}, "refresh token needs the project's publishable key"},
		{"token and sign-in", func(c *Config) {
			c.DSMEmail, c.DSMPassword, c.DSMAPIKey = "e@example.com", "p", "k"
		}, "a static token (DSM_JWT_TOKEN or --dsm-token-file) and a password sign-in"},
		{"token and refresh file", func(c *Config) { c.DSMRefreshFile = "/r" },
			"2 sign-in modes: a static token (DSM_JWT_TOKEN or --dsm-token-file) and a refresh"},
		{"email and refresh file", func(c *Config) {
			c.DSMToken, c.DSMEmail, c.DSMRefreshFile, c.DSMAPIKey = "", "e@example.com", "/r", "k"
		}, "sign-in (DSM_EMAIL, DSM_PASSWORD or --dsm-password-file) and a refresh token file"},
		{"three modes", func(c *Config) { c.DSMPassword, c.DSMRefreshFile = "p", "/r" },
			"3 sign-in modes"},
		{"negative batch size", func(c *Config) { c.DSMBatchSize = -1 }, "--batch-size"},
		{"batch size above the maximum", func(c *Config) { c.DSMBatchSize = 501 }, "from 1 to 500"},
		{"concurrency above the maximum", func(c *Config) { c.Concurrency = 65 }, "--concurrency"},
		{"port above 65535", func(c *Config) { c.OMEPort = 70000 }, "OME_PORT"},
		{"verification off with a CA bundle", func(c *Config) { c.CACertFile = "/ca.pem" },
			"they contradict; drop one"},
		{"verification on with a CA bundle", func(c *Config) {
			c.OMEVerifySSL, c.CACertFile = true, "/ca.pem"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tt.change(&c)
			err := c.Validate()
			if tt.wantSub == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}

				return
			}

			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.wantSub) {
				t.Fatalf("Validate() = %v, want ErrConfig naming %s", err, tt.wantSub)
			}
		})
	}
}

func TestConfigStringHidesSecrets(t *testing.T) {
	t.Parallel()
	c := validConfig()
	c.DSMPassword, c.DSMAPIKey = "secret-dsm-pw", "secret-key"
	s := c.String()
	for _, secret := range []string{c.OMEPassword, c.DSMToken, c.DSMPassword, c.DSMAPIKey} {
		if strings.Contains(s, secret) {
			t.Errorf("Config.String() = %q shows the secret %q", s, secret)
		}
	}

	if !strings.Contains(s, "ome.example.com") {
		t.Errorf("Config.String() = %q, want the OME URL", s)
	}
}
