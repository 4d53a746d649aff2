package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dsmtools/omesync/examples/internal/app"
)

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseArgs(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OME_HOST": "env.example.com", "OME_USERNAME": "envuser", "OME_VERIFY_SSL": "false"}
	tests := []struct {
		name        string
		args        []string
		wantCommand string
		want        func(*app.Config)
	}{
		{"default command keeps env", nil, "sync", func(*app.Config) {}},
		{"flag overrides env", []string{"--ome-host", "flag.example.com", "--ome-verify-ssl"}, "sync",
			func(c *app.Config) { c.OMEHost, c.OMEVerifySSL = "flag.example.com", true }},
		{"command first", []string{"devices", "--type", "server,chassis", "--service-tag", "a1,b2", "--service-tag", "c3"},
			"devices", func(c *app.Config) {
				c.Filters.Types = []int{1000, 2000}
				c.Filters.ServiceTags = []string{"a1", "b2", "c3"}
			}},
		{"command after flags", []string{"--dry-run", "sync", "--model", "R650"}, "sync",
			func(c *app.Config) { c.DryRun, c.Filters.Model = true, "R650" }},
		{"check takes connection flags", []string{"--ome-host", "h", "check", "--dsm-url", "u"},
			"check", func(c *app.Config) { c.OMEHost, c.DSMURL = "h", "u" }},
		{"devices takes filters", []string{"devices", "--group", "g", "--concurrency", "2"},
			"devices", func(c *app.Config) { c.Filters.Group, c.Concurrency = "g", 2 }},
		{"type by number", []string{"--type", "4000"}, "sync", func(c *app.Config) { c.Filters.Types = []int{4000} }},
		{"manual off", []string{"--manual=false"}, "sync", func(*app.Config) {}},
		{"sizes", []string{"--batch-size", "50", "--concurrency", "8"}, "sync",
			func(c *app.Config) { c.DSMBatchSize, c.Concurrency = 50, 8 }},
		{"largest sizes", []string{"--batch-size", "500", "--concurrency", "64", "--ome-port", "65535"}, "sync",
			func(c *app.Config) { c.DSMBatchSize, c.Concurrency, c.OMEPort = 500, 64, 65535 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := parseArgs(tt.args, envFunc(env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}

			want, _ := app.FromEnv(envFunc(env))
			tt.want(&want)
			if o.command != tt.wantCommand {
				t.Errorf("command = %q, want %q", o.command, tt.wantCommand)
			}

			if diff := cmp.Diff(want, o.cfg); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseArgsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		env     map[string]string
		wantSub string
	}{
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"--log-format", "xml"}, nil, "--log-format"},
		{[]string{"--output", "yaml"}, nil, "--output"},
		{[]string{"--type", "toaster"}, nil, "unknown device type"},
		{[]string{"--type", "99999999999"}, nil, `unknown device type "99999999999": the known ` +
			"types are server (1000), chassis (2000), storage (3000), network-iom (4000) and " +
			"storage-iom (8000)"},
		{[]string{"--type", "server,1234"}, nil, `unknown device type "1234"`},
		{[]string{"--type", "-1000"}, nil, `unknown device type "-1000"`},
		{[]string{"--ome-verify-ssl", "false"}, nil,
			`--ome-verify-ssl takes its value after "=", not a space: write --ome-verify-ssl=`},
		{[]string{"sync", "-manual", "no"}, nil, "write -manual=false"},
		{[]string{"--dry-run", "yes", "sync"}, nil, "write --dry-run=true"},
		{[]string{"--ome-verify-ssl", "off"}, nil, "write --ome-verify-ssl=false"},
		{[]string{"--debug", "extra"}, nil, `unexpected argument "extra"`},
		{[]string{"--ome-host=true", "false"}, nil, `unexpected argument "false"`},
		{[]string{"--no-such-flag"}, nil, "no-such-flag"},
		{[]string{"sync", "extra"}, nil, `unexpected argument "extra"`},
		{[]string{"help", "extra"}, nil, `unexpected argument "extra"`},
		{[]string{"--debug", "help", "sync"}, nil, `unexpected argument "sync"`},
		{[]string{"sync", "check"}, nil, `unexpected argument "check"`},
		{[]string{"devices", "--dry-run", "sync"}, nil, `unexpected argument "sync"`},
		{[]string{"check", "--model", "R6"}, nil,
			"--model does not apply to check: it is for sync and devices"},
		{[]string{"--dry-run", "check"}, nil, "--dry-run does not apply to check: it is for sync"},
		{[]string{"devices", "--metrics-file", "m"}, nil,
			"--metrics-file does not apply to devices"},
		{[]string{"devices", "--dsm-url", "u"}, nil,
			"--dsm-url does not apply to devices: it is for sync and check"},
		{[]string{"check", "--concurrency", "2"}, nil, "--concurrency does not apply to check"},
		{[]string{"version", "--debug"}, nil,
			"--debug does not apply to version, which takes no flags"},
		{nil, map[string]string{"OME_PORT": "x"}, "OME_PORT"},
		{[]string{"--batch-size", "-1"}, nil, "-batch-size: want a whole number from 1 to 500"},
		{[]string{"--batch-size", "501"}, nil, "-batch-size: want a whole number from 1 to 500"},
		{[]string{"--concurrency", "0"}, nil, "-concurrency: want a whole number from 1 to 64"},
		{[]string{"--concurrency", "-5"}, nil, "-concurrency: want a whole number from 1 to 64"},
		{[]string{"--concurrency", "65"}, nil, "-concurrency: want a whole number from 1 to 64"},
		{[]string{"--ome-port", "70000"}, nil, "-ome-port: want a whole number from 1 to 65535"},
		{[]string{"--ome-port", "0"}, nil, "-ome-port: want a whole number from 1 to 65535"},
	}
	for _, tt := range tests {
		_, err := parseArgs(tt.args, envFunc(tt.env), io.Discard)
		if !errors.Is(err, app.ErrConfig) || !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("parseArgs(%q) error = %v, want ErrConfig with %q", tt.args, err, tt.wantSub)
		}

		if n := strings.Count(fmt.Sprint(err), app.ErrConfig.Error()); n != 1 {
			t.Errorf("parseArgs(%q) error = %v: says %q %d times, want once",
				tt.args, err, app.ErrConfig, n)
		}
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var usage strings.Builder
	_, err := parseArgs([]string{"--help"}, envFunc(nil), &usage)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("parseArgs(--help) error = %v, want flag.ErrHelp", err)
	}

	for _, want := range []string{"Commands:", "check", "devices", "Exit codes:", "3  partial",
		"2  bad configuration", "OME_VERIFY_SSL", "-lock-file", "-metrics-file",
		"a flag given to a command that does not use it exits 2"} {
		if !strings.Contains(usage.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    error
		status app.Status
		want   int
	}{
		{nil, app.StatusOK, exitOK},
		{nil, app.StatusPartial, exitPartial},
		{errors.New("x"), app.StatusFailed, exitFailed},
		{nil, app.StatusFailed, exitFailed},
		{errLocked, app.StatusFailed, exitFailed},
		{app.ErrConfig, app.StatusFailed, exitConfig},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err, tt.status); got != tt.want {
			t.Errorf("exitCode(%v, %s) = %d, want %d", tt.err, tt.status, got, tt.want)
		}
	}
}
