package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"
// (see examples/README.md); otherwise currentVersion finds one.
var version = ""

// currentVersion returns the version stamped at build time, else the
// module's (a binary built by go install with a tagged version), else
// the library's, ome.Version, with devel true: a build from a checkout,
// whose module version is "(devel)" or an untagged v0.0.0- one.
func currentVersion() (v string, devel bool) {
	if version != "" {
		return version, false
	}

	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" &&
		!strings.HasPrefix(bi.Main.Version, "v0.0.0-") {
		return bi.Main.Version, false
	}

	return ome.Version, true
}

// userAgent names the program and its version to OME and DSM.
func userAgent() string {
	v, _ := currentVersion()

	return "omesync/" + v
}

// printVersion writes the version line: the version, whether it is a
// development build, the Go version and the platform.
func printVersion(w io.Writer) {
	v, devel := currentVersion()
	build := ""
	if devel {
		build = "devel build, "
	}

	fmt.Fprintf(w, "omesync %s (%s%s, %s/%s)\n",
		v, build, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
