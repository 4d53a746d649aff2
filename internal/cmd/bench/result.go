package main

import (
	"time"

	"github.com/dsmtools/omesync/syncer"
)

// omeDefaultPageSize is the ome client's page size without WithPageSize.
const omeDefaultPageSize = 100

// Targets of the benchmark (issue 7).
const (
	maxWallOverBound = 1.3
	maxRSS           = 100 << 20
)

// counts is the part of the sync's report the benchmark shows.
type counts struct {
	Seen     int   `json:"seen"`
	Filtered int   `json:"filtered"`
	Sent     int   `json:"sent"`
	Failed   int   `json:"failed"`
	Requests int64 `json:"client_requests"`
}

// reportOf keeps the counts of a report.
func reportOf(rep *syncer.Report) counts {
	return counts{Seen: rep.Seen, Filtered: rep.Filtered, Sent: rep.Sent, Failed: rep.Failed,
		Requests: rep.Requests}
}

// result is one sync of N devices.
type result struct {
	N           int           `json:"n"`
	Report      counts        `json:"report"`
	Server      serverStats   `json:"server"`
	Wall        time.Duration `json:"wall"`
	Memory      memPeak       `json:"memory"`
	SyncCPU     time.Duration `json:"sync_cpu"`
	SimCPU      time.Duration `json:"simulator_cpu"`
	Latency     time.Duration `json:"latency"`
	Concurrency int           `json:"concurrency"`
	PageSize    int           `json:"page_size"`
	Transport   string        `json:"transport"`
	// Conns counts the connections opened to OME (not reused).
	Conns int64 `json:"ome_connections"`
}

// fill adds the simulators' counts and the settings.
func (r *result) fill(cfg *config, st serverStats, simCPU time.Duration) {
	r.Server, r.SimCPU = st, simCPU
	r.Latency, r.Concurrency, r.Transport = cfg.latency, cfg.concurrency, cfg.transport
	r.PageSize = cfg.pageSize
	if r.PageSize == 0 {
		r.PageSize = omeDefaultPageSize
	}
}

// requests is every request the simulators saw: OME's and DSM's.
func (r *result) requests() int64 {
	var n int64
	for _, v := range r.Server.OME {
		n += v
	}

	return n + int64(r.Server.DSMPosts+r.Server.DSMSignIns)
}

// extra counts the OME requests that are neither login, logout, a page
// nor an inventory read: retries show up in these kinds' totals instead.
func (r *result) extra() int64 {
	o := r.Server.OME

	return r.requests() - o["login"] - o["logout"] - o["devices"] - o["inventory"] -
		int64(r.Server.DSMPosts+r.Server.DSMSignIns)
}

// wantPages is the number of pages a listing of N devices needs.
func (r *result) wantPages() int64 { return int64((r.N + r.PageSize - 1) / r.PageSize) }

// wantInventory is one inventory read per device that passed the filters.
func (r *result) wantInventory() int64 { return int64(r.Report.Seen - r.Report.Filtered) }

// wantPosts is one post per batch.
func (r *result) wantPosts(batch int) int { return (r.Report.Sent + batch - 1) / batch }

// bound is requests × latency ÷ concurrency.
func (r *result) bound() time.Duration {
	return time.Duration(r.requests()) * r.Latency / time.Duration(r.Concurrency)
}

// ratio is the wall time over the bound.
func (r *result) ratio() float64 {
	if r.bound() == 0 {
		return 0
	}

	return float64(r.Wall) / float64(r.bound())
}

// devicesPerSecond is N over the wall time.
func (r *result) devicesPerSecond() float64 { return float64(r.N) / r.Wall.Seconds() }

// exactRequests is true when OME saw the pages, the inventory reads, one
// login and one logout and nothing more, and the clients counted the same.
func (r *result) exactRequests() bool {
	o := r.Server.OME

	return o["devices"] == r.wantPages() && o["inventory"] == r.wantInventory() &&
		o["login"] == 1 && o["logout"] == 1 && r.extra() == 0 && r.Report.Requests == r.requests()
}
