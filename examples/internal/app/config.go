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
	// DSMRefreshFile is the file that holds a Supabase refresh token,
	// rewritten with each rotated one (the CLI's --dsm-refresh-token-file).
	// The Lambda keeps no file between runs and leaves it empty.
	DSMRefreshFile string
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

// UsesRefresh reports whether DSM tokens come from a refresh token kept
// in a file (DSMRefreshFile).
func (c *Config) UsesRefresh() bool { return c.DSMRefreshFile != "" }

// dsmModes names the DSM sign-in modes the configuration gives: a static
// token, a password sign-in (an email or a password) and a refresh token
// file. A run takes exactly one.
func (c *Config) dsmModes() []string {
	var modes []string
	if c.DSMToken != "" {
		modes = append(modes, "a static token (DSM_JWT_TOKEN or --dsm-token-file)")
	}

	if c.DSMEmail != "" || c.DSMPassword != "" {
		modes = append(modes,
			"a password sign-in (DSM_EMAIL, DSM_PASSWORD or --dsm-password-file)")
	}

	if c.UsesRefresh() {
		modes = append(modes,
			"a refresh token file (DSM_REFRESH_TOKEN_FILE or --dsm-refresh-token-file)")
	}

	return modes
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

	if !c.OMEVerifySSL && c.CACertFile != "" {
		problems = append(problems, "OME_VERIFY_SSL (--ome-verify-ssl) is false, which turns "+
			"verification off, and a CA bundle to verify with is given (OME_CA_CERT or "+
			"--ca-cert): they contradict; drop one (keep the CA bundle to verify OME)")
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
		problems = append(problems,
			fmt.Sprintf("DSM_URL (--dsm-url) %q: %v", SafeURL(c.DSMURL), err))
	}

	if p := c.dsmAuthProblem(); p != "" {
		problems = append(problems, p)
	}

	return problems
}

// dsmAuthProblem says what is wrong with the DSM credentials: none, two
// modes at once, an email without a password (or the reverse), or a mode
// without the project's key; "" when nothing is.
func (c *Config) dsmAuthProblem() string {
	modes := c.dsmModes()
	switch {
	case len(modes) > 1:
		return fmt.Sprintf("DSM credentials are set for %d sign-in modes: %s; give exactly one",
			len(modes), strings.Join(modes, " and "))
	case c.DSMEmail != "" && c.DSMPassword == "":
		return "DSM_EMAIL is set but DSM_PASSWORD (or --dsm-password-file) is missing"
	case c.DSMPassword != "" && c.DSMEmail == "":
		return "DSM_PASSWORD (or --dsm-password-file) is set but DSM_EMAIL (--dsm-email) is missing"
	case c.DSMToken == "" && !c.UsesSignIn() && !c.UsesRefresh():
		return "no DSM credentials: set DSM_JWT_TOKEN (or --dsm-token-file), " +
			"or DSM_EMAIL with DSM_PASSWORD (or --dsm-password-file) and DSM_API_KEY, " +
			"or (CLI only) --dsm-refresh-token-file with DSM_API_KEY"
	case c.UsesSignIn() && c.DSMAPIKey == "":
		return "DSM sign-in needs the project's publishable key (DSM_API_KEY or --dsm-api-key)"
	case c.UsesRefresh() && c.DSMAPIKey == "":
		return "the DSM refresh token needs the project's publishable key " +
			"(DSM_API_KEY or --dsm-api-key)"
	}

	return ""
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
		slog.String("dsm_url", SafeURL(c.DSMURL)),
		slog.Bool("dsm_sign_in", c.UsesSignIn()),
		slog.String("dsm_refresh_token_file", c.DSMRefreshFile),
		slog.Bool("dry_run", c.DryRun),
		slog.Bool("manual", c.Manual),
	)
}

// String shows the configuration without its secrets.
func (c Config) String() string { return c.LogValue().String() }
