package syncer

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// BenchmarkSync10k syncs 10,000 simulated devices from omesim to dsmsim
// with the defaults. Of the devices listed about 65% are servers, and only
// those are synced, so the figures come twice: per listed device
// (devices/s, requests/device, B/device) and per synced server
// (synced-servers/s, requests/synced-server, B/synced-server).
//
// The simulators run in this process: the allocations (B/...) and the heap
// (peak-heap-MB, sampled during the run) include omesim's and dsmsim's own,
// and both sides of the TLS connections, so they are an upper bound for
// the engine and the clients, not their cost alone.
//
// Run it with: go test -run '^$' -bench Sync10k -benchtime 1x ./syncer
func BenchmarkSync10k(b *testing.B) {
	s := startSims(b, omesim.Config{Devices: omesim.Generate(1, 10_000)}, dsmsim.Config{},
		dsm.RetryPolicy{})
	var peak uint64
	sample := func(p Progress) {
		if p.Seen%500 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
	}
	syn, err := New(s.src, s.sink, WithProgress(sample))
	if err != nil {
		b.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t := runBench(b, syn, 10_000)
	runtime.ReadMemStats(&after)
	t.report(b)
	alloc := float64(after.TotalAlloc - before.TotalAlloc)
	b.ReportMetric(alloc/float64(t.devices), "B/device")
	b.ReportMetric(alloc/float64(t.servers), "B/synced-server")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkConcurrency syncs 1,000 simulated devices (about 650 servers,
// one inventory request each) at WithConcurrency 1, 4, 8 and 16, from an
// omesim that answers every request 5 ms after it arrives.
//
// omesim answers any number of requests at once in that time, which an
// appliance does not: the figures show how far the engine turns workers
// into speed while the appliance keeps up, not where a real appliance
// starts to slow down. peak-in-flight is the most requests omesim served
// at once.
//
// Run it with: go test -run '^$' -bench Concurrency -benchtime 1x ./syncer
func BenchmarkConcurrency(b *testing.B) {
	for _, n := range []int{1, 4, 8, 16} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			s := startSims(b, omesim.Config{Devices: omesim.Generate(1, 1_000),
				Latency: 5 * time.Millisecond}, dsmsim.Config{}, dsm.RetryPolicy{})
			syn, err := New(s.src, s.sink, WithConcurrency(n))
			if err != nil {
				b.Fatal(err)
			}

			runBench(b, syn, 1_000).report(b)
			b.ReportMetric(float64(s.ome.PeakInFlight()), "peak-in-flight")
		})
	}
}

// benchTotals adds up the reports of a benchmark's runs.
type benchTotals struct {
	devices, servers, requests int64
}

// runBench runs syn once per benchmark iteration; each run must list
// devices devices and fail none.
func runBench(b *testing.B, syn *Syncer, devices int) benchTotals {
	b.Helper()
	var t benchTotals
	for b.Loop() {
		rep, err := syn.Run(b.Context())
		if err != nil || rep.Seen != devices || rep.Failed != 0 {
			b.Fatalf("Run: seen %d, failed %d, err %v; want %d seen and none failed",
				rep.Seen, rep.Failed, err, devices)
		}

		t.devices += int64(rep.Seen)
		t.servers += int64(rep.Sent)
		t.requests += rep.Requests
	}

	return t
}

// report reports the rates and the requests per listed device and per
// synced server.
func (t benchTotals) report(b *testing.B) {
	b.Helper()
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(t.devices)/secs, "devices/s")
	b.ReportMetric(float64(t.servers)/secs, "synced-servers/s")
	b.ReportMetric(float64(t.requests)/float64(t.devices), "requests/device")
	b.ReportMetric(float64(t.requests)/float64(t.servers), "requests/synced-server")
}
