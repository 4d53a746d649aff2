package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// Credentials of the simulators; they guard nothing real.
const (
	omeUser     = "bench"
	omePassword = "bench-password"
	dsmEmail    = "bench@example.com"
)

// hello is the simulator process's first line: where to reach it.
type hello struct {
	OMEURL   string `json:"ome_url"`
	DSMURL   string `json:"dsm_url"`
	CAPEM    string `json:"ca_pem"`
	DSMToken string `json:"dsm_token"`
}

// serverStats is what the simulators counted.
type serverStats struct {
	OME          map[string]int64 `json:"ome"`
	OMEPeak      int              `json:"ome_peak_in_flight"`
	DSMPosts     int              `json:"dsm_posts"`
	DSMSignIns   int              `json:"dsm_sign_ins"`
	OMESessions  int              `json:"ome_open_sessions"`
	DSMStoreSize int              `json:"dsm_store_size"`
}

// serve runs both simulators for cfg.sizes[0] devices, says hello on out,
// answers each "stats" line on in, and returns when in ends.
func serve(cfg *config, in io.Reader, out io.Writer) error {
	oms := omesim.Start(omesim.Config{Devices: omesim.Generate(cfg.seed, cfg.sizes[0]),
		Latency: cfg.latency, Users: map[string]string{omeUser: omePassword}})
	defer oms.Close()
	dss := dsmsim.Start(dsmsim.Config{Latency: cfg.latency})
	defer dss.Close()

	enc := json.NewEncoder(out)
	err := enc.Encode(hello{OMEURL: oms.URL(), DSMURL: dss.URL(), CAPEM: string(oms.CACertPEM()),
		DSMToken: dss.IssueToken(dsmEmail, 24*time.Hour)})
	if err != nil {
		return err
	}

	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if sc.Text() != "stats" {
			return fmt.Errorf("unknown command %q", sc.Text())
		}

		if err := enc.Encode(statsOf(oms, dss)); err != nil {
			return err
		}
	}

	return sc.Err()
}

// statsOf reads the simulators' counters.
func statsOf(oms *omesim.Server, dss *dsmsim.Server) serverStats {
	return serverStats{OME: oms.RequestsByKind(), OMEPeak: oms.PeakInFlight(),
		DSMPosts: dss.Requests(), DSMSignIns: dss.AuthRequests(),
		OMESessions: oms.OpenSessions(), DSMStoreSize: len(dss.Store())}
}
