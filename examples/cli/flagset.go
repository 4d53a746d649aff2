package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/syncer"
)

// flagSet registers every flag over the values read from the environment,
// so that a flag wins over its variable. It prints nothing: a flag error
// is returned, and the help is printed by parse.
func (o *options) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("omesync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	o.omeFlags(fs)
	o.dsmFlags(fs)
	o.runFlags(fs)
	o.filterFlags(fs)

	return fs
}

func (o *options) omeFlags(fs *flag.FlagSet) {
	c := &o.cfg
	fs.StringVar(&c.OMEHost, "ome-host", c.OMEHost, "OME appliance: host, host:port or https://host:port (env OME_HOST)")
	fs.Func("ome-port", "OME HTTPS `port`, 1..65535 (env OME_PORT; default 443)",
		intIn(&c.OMEPort, 1, 65535))
	fs.StringVar(&c.OMEUsername, "ome-username", c.OMEUsername, "OME user (env OME_USERNAME)")
	fs.StringVar(&o.omePasswordFile, "ome-password-file", "",
		"read the OME password from the first line of this file, mode 0600 (else env OME_PASSWORD)")
	fs.BoolVar(&c.OMEVerifySSL, "ome-verify-ssl", c.OMEVerifySSL,
		"verify OME's TLS certificate (env OME_VERIFY_SSL); false is an explicit opt-out")
	fs.StringVar(&c.CACertFile, "ca-cert", c.CACertFile,
		"PEM bundle added to the system roots to verify OME (env OME_CA_CERT)")
}

func (o *options) dsmFlags(fs *flag.FlagSet) {
	c := &o.cfg
	fs.StringVar(&c.DSMURL, "dsm-url", c.DSMURL, "DSM project URL, https://<project>.supabase.co (env DSM_URL)")
	fs.StringVar(&o.dsmTokenFile, "dsm-token-file", "",
		"read the DSM access token (JWT) from the first line of this file, mode 0600 (else env DSM_JWT_TOKEN)")
	fs.StringVar(&c.DSMEmail, "dsm-email", c.DSMEmail,
		"sign in to DSM as this user instead of using a JWT (env DSM_EMAIL)")
	fs.StringVar(&o.dsmPasswordFile, "dsm-password-file", "",
		"read the DSM sign-in password from the first line of this file, mode 0600 (else env DSM_PASSWORD)")
	fs.StringVar(&c.DSMRefreshFile, "dsm-refresh-token-file", c.DSMRefreshFile,
		"keep a DSM refresh token in this `file`, mode 0600, replaced by each new one "+
			"(env DSM_REFRESH_TOKEN_FILE); needs DSM_API_KEY")
	fs.Func("dsm-api-key",
		"DSM project's publishable key, needed to sign in or refresh (env DSM_API_KEY)",
		func(s string) error { c.DSMAPIKey = s; return nil })
	fs.Func("batch-size", fmt.Sprintf("`N` records per DSM request, 1..%d (default %d)",
		dsm.MaxBatchSize, dsm.DefaultBatchSize), intIn(&c.DSMBatchSize, 1, dsm.MaxBatchSize))
	fs.Func("concurrency", fmt.Sprintf("`N` OME inventory requests at once, 1..%d (default %d)",
		syncer.MaxConcurrency, syncer.DefaultConcurrency), intIn(&c.Concurrency, 1, syncer.MaxConcurrency))
}

func (o *options) runFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.cfg.DryRun, "dry-run", false, "read OME and map the records, post nothing")
	fs.BoolFunc("manual", "mark the run as started by a person, or not with --manual=false "+
		"(default: true on a terminal, false under cron, systemd or Kubernetes)", func(s string) error {
		b, err := app.ParseBool(s)
		o.manual, o.cfg.Manual = &b, b

		return err
	})
	fs.StringVar(&o.logFormat, "log-format", "text", "log format: text (timestamped lines) or json")
	fs.BoolVar(&o.debug, "debug", false, "log every step and HTTP exchange (never secrets)")
	fs.StringVar(&o.output, "output", "text", "report format on stdout: text or json")
	fs.StringVar(&o.lockFile, "lock-file", "", "hold this file locked for the run; a second run exits 1")
	fs.StringVar(&o.metricsFile, "metrics-file", "",
		"write a Prometheus textfile here (node_exporter textfile collector)")
	fs.BoolVar(&o.noProgress, "no-progress", false, "no progress bar, even on a terminal")
	fs.BoolVar(&o.demo, "demo", false, "start simulated OME and DSM in-process and sync against "+
		"them; any OME or DSM setting is ignored, with a warning")
}

func (o *options) filterFlags(fs *flag.FlagSet) {
	f := &o.cfg.Filters
	fs.Func("type", "device type to sync, by name or number: "+knownTypes()+
		"; repeatable or comma-separated (default: server)", func(s string) error {
		types, err := parseTypes(s)
		f.Types = append(f.Types, types...)

		return err
	})
	fs.StringVar(&f.Model, "model", "", "only models that contain this text")
	fs.StringVar(&f.ModelRegexp, "model-regexp", "", "only models that match this regular expression")
	fs.Func("service-tag", "only these service tags; repeatable or comma-separated", func(s string) error {
		f.ServiceTags = append(f.ServiceTags, splitList(s)...)

		return nil
	})
	fs.StringVar(&f.NameRegexp, "name-regexp", "", "only device names that match this regular expression")
	fs.StringVar(&f.Group, "group", "", "only members of this OME group (name)")
}

// intIn returns a flag setter that stores a whole number from lo to hi,
// written in digits, in dst and refuses any other value (a sign too),
// naming the range.
func intIn(dst *int, lo, hi int) func(string) error {
	return func(s string) error {
		n, ok := app.ParseWhole(strings.TrimSpace(s))
		if !ok || n < lo || n > hi {
			return fmt.Errorf("want a whole number from %d to %d", lo, hi)
		}

		*dst = n

		return nil
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}

	return out
}

const usageHead = `Usage: omesync [command] [flags]
       omesync help

omesync reads the servers that Dell OpenManage Enterprise (OME) manages and
posts them to Dell Server Manager (DSM).

Commands:
  sync      read OME, map the servers, post them to DSM (the default)
  check     log in to OME, show its version and device count, check the DSM
            URL and token (verified by DSM with the sign-in, the refresh or
            DSM_API_KEY) and its expiry; writes nothing but the refresh
            token file, which every refresh replaces
  devices   list what a sync would send: a table, or JSON with --output json
  version   print the version
  help      print this help (also --help)

Flags:
`

const usageTail = `
Flags by command (a flag given to a command that does not use it exits 2):
  sync takes every flag; check and devices take the OME flags (--ome-*,
  --ca-cert), --lock-file, --log-format, --debug, --output and --demo;
  devices also takes the filters (--type, --model, --model-regexp,
  --service-tag, --name-regexp, --group) and --concurrency; check also
  takes the DSM flags (--dsm-*); version takes none

Environment (flags override it):
  OME_HOST, OME_PORT (443), OME_USERNAME, OME_PASSWORD, OME_VERIFY_SSL (true),
  OME_CA_CERT, DSM_URL, DSM_JWT_TOKEN, DSM_API_KEY, DSM_EMAIL, DSM_PASSWORD,
  DSM_REFRESH_TOKEN_FILE

DSM sign-in, exactly one of (two at once exit 2):
  static token   DSM_JWT_TOKEN or --dsm-token-file; lives an hour to a week
  password       DSM_EMAIL, DSM_PASSWORD or --dsm-password-file, DSM_API_KEY;
                 signs in at each run (best for scheduled runs)
  refresh token  --dsm-refresh-token-file FILE and DSM_API_KEY; FILE holds a
                 Supabase refresh token (from one password sign-in) and is
                 replaced by each new one, so this user must write FILE and
                 its directory; check and sync rotate it. A spent or revoked
                 token exits 1: put a fresh one in FILE, or use the password

Exit codes:
  0  ok: every device was synced, filtered or skipped for a reason
  1  the run failed: OME or DSM unreachable or refusing (devices failed
     and none was synced), or another run holds the lock file
  2  bad configuration: a flag, a variable, a secret file, a CA bundle,
     a lock or metrics file or its directory, or an expired DSM token;
     also a run whose new refresh token could not be saved to its file
  3  partial: some devices failed, the others were synced
`

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, usageHead)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, usageTail)
}
