package main

import (
	"context"
	"fmt"

	"github.com/dsmtools/omesync/internal/testserver"
)

// startDemoSims starts the simulators; tests wrap it to watch the traffic.
var startDemoSims = testserver.StartDemo

// startDemo starts the simulators and points the run at them, replacing
// any OME or DSM setting of the environment or the flags, and warns that
// those given are ignored. It returns the stop function.
func (p *program) startDemo(ctx context.Context) (func(), error) {
	d, err := startDemoSims(ctx)
	if err != nil {
		return func() {}, fmt.Errorf("start the demo simulators: %w", err)
	}

	c := &p.opts.cfg
	c.OMEHost, c.OMEPort, c.OMEUsername, c.OMEPassword = d.OMEURL, 0, d.OMEUsername, d.OMEPassword
	c.OMEVerifySSL, c.CACertFile = true, ""
	c.DSMURL, c.DSMToken, c.DSMAPIKey = d.DSMURL, "", d.DSMAPIKey
	c.DSMEmail, c.DSMPassword = d.DSMEmail, d.DSMPassword // the sign-in, which check can verify
	c.DSMRefreshFile = ""
	p.opts.omePasswordFile, p.opts.dsmTokenFile, p.opts.dsmPasswordFile = "", "", ""
	p.deps.OMEHTTP = d.OMEHTTPClient
	if w := p.opts.demoWarning(); w != "" {
		p.log.Warn(w)
	}

	p.log.Info("Demo: simulated OpenManage Enterprise at " + d.OMEURL + " and DSM at " + d.DSMURL)

	return d.Close, nil
}
