package app

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/syncer"
)

// ErrConfig marks an error in the run's configuration (exit code 2).
var ErrConfig = errors.New("bad configuration")

// Config is everything one run needs. The secret fields never appear in
// its String or LogValue.
type Config struct {
	// OMEHost is the appliance: a host, host:port or https://host:port
	// (see OMEBaseURL).
	OMEHost string
	// OMEPort is the HTTPS port; 0 means the one in OMEHost, else 443.
	OMEPort     int
	OMEUsername string
	OMEPassword string
	// OMEVerifySSL is true unless the user turns verification off.
	OMEVerifySSL bool
	// CACertFile is a PEM bundle appended to the system pool.
	CACertFile string

	DSMURL      string
	DSMToken    string
	DSMAPIKey   string
	DSMEmail    string
	DSMPassword string
	// DSMBatchSize is the number of records per request; 0 means the
	// engine's default.
	DSMBatchSize int
	// Concurrency is the number of inventory requests at once; 0 means
	// the engine's default.
	Concurrency int

	Manual  bool
	DryRun  bool
	Filters Filters
}

// Filters selects the devices of a run beyond the default (servers only).
type Filters struct {
	Types       []int
	Model       string
	ModelRegexp string
	ServiceTags []string
	NameRegexp  string
	Group       string
}

// UsesSignIn reports whether DSM tokens come from an email and password
// sign-in rather than a pasted JWT.
func (c *Config) UsesSignIn() bool {
	return c.DSMEmail != "" && c.DSMPassword != ""
}

// Validate checks that a run has what it needs, naming the variable or flag
// to set. A dry run posts nothing, so it needs no DSM setting. Its errors
// match ErrConfig.
func (c *Config) Validate() error {
	var problems []string
	if strings.TrimSpace(c.OMEHost) == "" {
		problems = append(problems, "the OME host is not set (OME_HOST or --ome-host)")
	} else if _, err := c.OMEBaseURL(); err != nil {
		problems = append(problems, strings.TrimPrefix(err.Error(), ErrConfig.Error()+": "))
	}

	if c.OMEUsername == "" || c.OMEPassword == "" {
		problems = append(problems, "the OME user name and password are not both set "+
			"(OME_USERNAME/--ome-username and OME_PASSWORD or --ome-password-file)")
	}

	if !c.DryRun {
		problems = append(problems, c.dsmProblems()...)
	}

	problems = append(problems, c.rangeProblems()...)
	if len(problems) == 0 {
		return nil
	}

	return fmt.Errorf("%w: %s", ErrConfig, strings.Join(problems, "; "))
}

func (c *Config) dsmProblems() []string {
	var problems []string
	if strings.TrimSpace(c.DSMURL) == "" {
		problems = append(problems, "the DSM URL is not set (DSM_URL or --dsm-url)")
	} else if err := CheckDSMURL(c.DSMURL); err != nil {
		problems = append(problems, fmt.Sprintf("DSM_URL (--dsm-url) %q: %v", c.DSMURL, err))
	}

	if c.DSMToken == "" && !c.UsesSignIn() {
		problems = append(problems, "no DSM credentials: set DSM_JWT_TOKEN (or --dsm-token-file), "+
			"or DSM_EMAIL with DSM_PASSWORD (or --dsm-password-file) and DSM_API_KEY")
	}

	if c.UsesSignIn() && c.DSMAPIKey == "" {
		problems = append(problems, "DSM sign-in needs the project's publishable key (DSM_API_KEY or --dsm-api-key)")
	}

	return problems
}

// rangeProblems checks the numbers; zero means the default.
func (c *Config) rangeProblems() []string {
	var problems []string
	for _, r := range []struct {
		name  string
		value int
		max   int
	}{
		{"the OME port (OME_PORT or --ome-port)", c.OMEPort, 65535},
		{"the batch size (--batch-size)", c.DSMBatchSize, dsm.MaxBatchSize},
		{"the concurrency (--concurrency)", c.Concurrency, syncer.MaxConcurrency},
	} {
		if r.value < 0 || r.value > r.max {
			problems = append(problems, fmt.Sprintf("%s is %d; it must be from 1 to %d", r.name, r.value, r.max))
		}
	}

	return problems
}

// LogValue shows the configuration without its secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("ome_url", c.OMEURL()),
		slog.String("ome_username", c.OMEUsername),
		slog.Bool("ome_verify_ssl", c.OMEVerifySSL),
		slog.String("dsm_url", c.DSMURL),
		slog.Bool("dsm_sign_in", c.UsesSignIn()),
		slog.Bool("dry_run", c.DryRun),
		slog.Bool("manual", c.Manual),
	)
}

// String shows the configuration without its secrets.
func (c Config) String() string { return c.LogValue().String() }
