package main

import (
	"flag"
	"fmt"
	"slices"
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

// The commands that some flags are for.
var (
	forSyncDevices = []string{"sync", "devices"}
	forSync        = []string{"sync"}
	forSyncCheck   = []string{"sync", "check"}
)

// flagCommands are the commands a flag applies to, for the flags that
// some commands do not use: the filters, the flags of a posting run and
// the DSM flags. The others apply to sync, check and devices. version
// takes no flags.
var flagCommands = map[string][]string{
	"type":                   forSyncDevices,
	"model":                  forSyncDevices,
	"model-regexp":           forSyncDevices,
	"service-tag":            forSyncDevices,
	"name-regexp":            forSyncDevices,
	"group":                  forSyncDevices,
	"concurrency":            forSyncDevices,
	"dry-run":                forSync,
	"manual":                 forSync,
	"batch-size":             forSync,
	"metrics-file":           forSync,
	"no-progress":            forSync,
	"dsm-url":                forSyncCheck,
	"dsm-token-file":         forSyncCheck,
	"dsm-email":              forSyncCheck,
	"dsm-password-file":      forSyncCheck,
	"dsm-refresh-token-file": forSyncCheck,
	"dsm-api-key":            forSyncCheck,
}

// checkApplies refuses a flag of the command line that the command does
// not use, naming the commands it is for.
func (o *options) checkApplies() error {
	for _, name := range o.given {
		cmds, some := flagCommands[name]
		switch {
		case o.command == "version":
			return fmt.Errorf("%w: --%s does not apply to version, which takes no flags",
				app.ErrConfig, name)
		case some && !slices.Contains(cmds, o.command):
			return fmt.Errorf("%w: --%s does not apply to %s: it is for %s",
				app.ErrConfig, name, o.command, joinAnd(cmds))
		}
	}

	return nil
}

// noteGiven records the flags that the command line set, and, for
// --demo, the OME and DSM settings that the demo will ignore.
func (o *options) noteGiven(fs *flag.FlagSet, getenv func(string) string) {
	fs.Visit(func(f *flag.Flag) { o.given = append(o.given, f.Name) })
	if !o.demo {
		return
	}

	for _, s := range connSettings {
		switch {
		case slices.Contains(o.given, s.flag):
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
