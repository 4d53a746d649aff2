package syncer

import (
	"runtime"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/internal/testserver/dsmsim"
	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// BenchmarkSync10k syncs 10,000 simulated devices (6,500 servers) from
// omesim to dsmsim with the defaults. The simulators run in this process,
// so B/device counts their allocations too: it is an upper bound for the
// engine and clients. peak-heap-MB samples the live heap during the run.
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
	var seen, requests int64
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		rep, err := syn.Run(b.Context())
		if err != nil || rep.Seen != 10_000 || rep.Failed != 0 {
			b.Fatalf("Run: seen %d, failed %d, err %v", rep.Seen, rep.Failed, err)
		}

		seen += int64(rep.Seen)
		requests += rep.Requests
	}

	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(seen)/b.Elapsed().Seconds(), "devices/s")
	b.ReportMetric(float64(requests)/float64(seen), "requests/device")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(seen), "B/device")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
