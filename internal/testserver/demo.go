// Package testserver starts the OME and DSM simulators together, for the
// CLI's --demo and for end-to-end tests of the programs.
package testserver

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// Demo data: a fleet large enough to page (the simulator's default page
// is 50) and the demo's credentials, which guard nothing real.
const (
	demoSeed     = 2025
	demoDevices  = 120
	demoUser     = "admin"
	demoPassword = "demo-password"
	demoAPIKey   = "demo-publishable-key"
	demoEmail    = "demo@example.com"
	demoTokenTTL = time.Hour
)

// Demo is a simulated OME appliance and DSM project running in-process.
type Demo struct {
	OME *omesim.Server
	DSM *dsmsim.Server

	// OMEURL is the appliance's base URL (https, self-signed certificate).
	// It is not OME.URL(): the demo serves OME on a server of its own.
	OMEURL      string
	OMEUsername string
	OMEPassword string
	// OMEHTTPClient trusts the appliance's certificate.
	OMEHTTPClient *http.Client
	// omeQuiet serves OME at OMEURL with its error log discarded.
	omeQuiet *httptest.Server

	// DSMURL is the project URL; DSMToken a fresh access token for it.
	DSMURL      string
	DSMToken    string
	DSMAPIKey   string
	DSMEmail    string
	DSMPassword string
}

// demoQuirks are the Ids of the omesim.Quirks devices in the demo fleet,
// which a sync skips with a reason: 1712's service tag is "N/A", and
// 1721's "tst1720 " is 1720's "TST1720" again, a duplicate.
var demoQuirks = []int{1712, 1720, 1721}

// StartDemo starts both simulators with a generated fleet and the quirks
// of demoQuirks. Every other generated server's tag is a vCenter host
// serial, so that DSM auto-links some. Close stops them. ctx is not used
// yet; it is there for a start that may one day wait.
func StartDemo(_ context.Context) (*Demo, error) {
	devices := omesim.Generate(demoSeed, demoDevices)
	oms := omesim.Start(omesim.Config{
		Devices: append(slices.Clone(devices), quirks(demoQuirks)...),
		Users:   map[string]string{demoUser: demoPassword},
	})
	quiet := quietTLSServer(oms)
	dss := dsmsim.Start(dsmsim.Config{
		APIKey:         demoAPIKey,
		VCenterSerials: vcenterSerials(devices),
		Users:          map[string]string{demoEmail: demoPassword},
	})

	return &Demo{
		OME: oms, DSM: dss,
		OMEURL: quiet.URL, OMEUsername: demoUser, OMEPassword: demoPassword,
		OMEHTTPClient: quiet.Client(), omeQuiet: quiet,
		DSMURL: dss.URL(), DSMToken: dss.IssueToken(demoEmail, demoTokenTTL),
		DSMAPIKey: demoAPIKey, DSMEmail: demoEmail, DSMPassword: demoPassword,
	}, nil
}

// quirks returns the omesim.Quirks devices of ids.
func quirks(ids []int) []omesim.Device {
	var out []omesim.Device
	for _, d := range omesim.Quirks() {
		if slices.Contains(ids, d.ID()) {
			out = append(out, d)
		}
	}

	return out
}

// vcenterSerials returns the tags of every other server.
func vcenterSerials(devices []omesim.Device) []string {
	var serials []string
	servers := 0
	for _, d := range devices {
		obj := d.Full().Object
		tag, _ := obj["DeviceServiceTag"].(string)
		if fmt.Sprint(obj["Type"]) != "1000" || strings.TrimSpace(tag) == "" {
			continue
		}

		if servers++; servers%2 == 1 {
			serials = append(serials, tag)
		}
	}

	return serials
}

// quietTLSServer serves the simulator on a TLS server of its own whose
// error log is discarded: net/http would otherwise print lines such as
// "http: TLS handshake error ... use of closed network connection" to
// the demo's stderr when a connection the client opened early is closed
// with the server. The simulator's own listener stays open but unused.
func quietTLSServer(h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()

	return srv
}

// Close stops both simulators.
func (d *Demo) Close() {
	d.omeQuiet.Close()
	d.OME.Close()
	d.DSM.Close()
}
