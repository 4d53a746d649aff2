package main

import (
	"flag"
	"strings"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// connSettings are the OME and DSM settings, each a variable and its
// flag, which --demo replaces with its simulators'.
var connSettings = []struct{ env, flag string }{
	{app.EnvOMEHost, "ome-host"}, {app.EnvOMEPort, "ome-port"},
	{app.EnvOMEUsername, "ome-username"}, {app.EnvOMEPassword, "ome-password-file"},
	{app.EnvOMEVerifySSL, "ome-verify-ssl"}, {app.EnvCACert, "ca-cert"},
	{app.EnvDSMURL, "dsm-url"}, {app.EnvDSMToken, "dsm-token-file"},
	{app.EnvDSMAPIKey, "dsm-api-key"}, {app.EnvDSMEmail, "dsm-email"},
	{app.EnvDSMPassword, "dsm-password-file"}, {app.EnvDSMRefreshFile, "dsm-refresh-token-file"},
}

// noteGiven records the flags that the command line set, and, for
// --demo, the OME and DSM settings that the demo will ignore.
func (o *options) noteGiven(fs *flag.FlagSet, getenv func(string) string) {
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	if !o.demo {
		return
	}

	for _, s := range connSettings {
		switch {
		case o.given[s.flag]:
			o.demoIgnores = append(o.demoIgnores, "--"+s.flag)
		case getenv(s.env) != "":
			o.demoIgnores = append(o.demoIgnores, s.env)
		}
	}
}

// demoWarning says which settings the demo ignores; "" when none.
func (o *options) demoWarning() string {
	if len(o.demoIgnores) == 0 {
		return ""
	}

	verb := " are ignored"
	if len(o.demoIgnores) == 1 {
		verb = " is ignored"
	}

	return "Demo: " + joinAnd(o.demoIgnores) + verb + ": the demo uses its simulators' settings"
}

// joinAnd joins names as "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}

	last := len(names) - 1

	return strings.Join(names[:last], ", ") + " and " + names[last]
}
