package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dsmtools/omesync/examples/internal/app"
)

// options is the parsed command line on top of the environment.
type options struct {
	cfg     app.Config
	command string

	logFormat   string
	debug       bool
	output      string
	lockFile    string
	metricsFile string
	demo        bool
	noProgress  bool
	manual      *bool // nil: decided by whether stderr is a terminal

	omePasswordFile string
	dsmTokenFile    string
	dsmPasswordFile string
	// credDir is $CREDENTIALS_DIRECTORY: where systemd put the service's
	// credentials (LoadCredential), whose files may be group-readable.
	credDir string

	// given names the flags that the command line set, in order of name.
	given []string
	// demoIgnores names the OME and DSM settings that --demo ignores.
	demoIgnores []string
}

// commands are the subcommands; the first is the default.
var commands = []string{"sync", "check", "devices", "version", "help"}

// parseArgs reads the environment, then the flags, which override it.
// A subcommand may stand before or after the flags. Its errors match
// app.ErrConfig, or are flag.ErrHelp once the help has been written to
// helpOut (for --help, -h or the help command).
func parseArgs(args []string, getenv func(string) string, helpOut io.Writer) (*options, error) {
	cfg, err := app.FromEnv(getenv)
	if err != nil {
		return nil, err
	}

	cfg.DSMRefreshFile = getenv(app.EnvDSMRefreshFile)
	o := &options{cfg: cfg, command: commands[0], credDir: getenv("CREDENTIALS_DIRECTORY")}
	fs := o.flagSet()
	err = o.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) || (err == nil && o.command == "help") {
		printUsage(helpOut, fs)

		return nil, flag.ErrHelp
	}

	if err != nil {
		return nil, err
	}

	o.noteGiven(fs, getenv)

	return o, o.check()
}

// parse reads the command and the flags. The command may come first or
// after the flags, once; any argument left over is an error, after help
// and version too.
func (o *options) parse(fs *flag.FlagSet, args []string) error {
	named := len(args) > 0 && !strings.HasPrefix(args[0], "-")
	if named {
		o.command, args = args[0], args[1:]
	}

	if err := fs.Parse(args); err != nil {
		return configError(err)
	}

	rest := fs.Args()
	if len(rest) > 0 && !named && isCommand(rest[0]) {
		o.command, args = rest[0], rest[1:]
		if err := fs.Parse(args); err != nil {
			return configError(err)
		}

		rest = fs.Args()
	}

	if len(rest) > 0 {
		return unexpectedArg(fs, args, rest)
	}

	return nil
}

// unexpectedArg words the first argument left after the flags (rest, the
// tail of parsed). A true or false right after a boolean flag is the
// flag's value written after a space, which the flag package does not
// read that way: it says to join them with "=".
func unexpectedArg(fs *flag.FlagSet, parsed, rest []string) error {
	if i := len(parsed) - len(rest) - 1; i >= 0 && isBoolFlag(fs, parsed[i]) {
		if b, err := app.ParseBool(rest[0]); err == nil {
			return fmt.Errorf("%w: %s takes its value after \"=\", not a space: write %s=%t",
				app.ErrConfig, parsed[i], parsed[i], b)
		}
	}

	return fmt.Errorf("%w: unexpected argument %q: give one command, then flags",
		app.ErrConfig, rest[0])
}

// isBoolFlag reports whether arg is a boolean flag of fs without a value,
// such as --ome-verify-ssl or -dry-run.
func isBoolFlag(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if !strings.HasPrefix(arg, "-") || strings.Contains(name, "=") {
		return false
	}

	f := fs.Lookup(name)
	if f == nil {
		return false
	}

	bf, ok := f.Value.(interface{ IsBoolFlag() bool })

	return ok && bf.IsBoolFlag()
}

func configError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}

	return fmt.Errorf("%w: %w", app.ErrConfig, err)
}

func isCommand(s string) bool {
	for _, c := range commands {
		if s == c {
			return true
		}
	}

	return false
}

// check validates the values that flag parsing cannot, refuses flags
// that the command does not use, and builds the filters, so that a bad
// regular expression stops the program here.
func (o *options) check() error {
	switch {
	case !isCommand(o.command):
		return fmt.Errorf("%w: unknown command %q; commands: %s",
			app.ErrConfig, o.command, strings.Join(commands, ", "))
	case o.logFormat != "text" && o.logFormat != "json":
		return fmt.Errorf("%w: --log-format is text or json, not %q", app.ErrConfig, o.logFormat)
	case o.output != "text" && o.output != "json":
		return fmt.Errorf("%w: --output is text or json, not %q", app.ErrConfig, o.output)
	}

	if err := o.checkApplies(); err != nil {
		return err
	}

	return app.CheckFilters(&o.cfg.Filters)
}
