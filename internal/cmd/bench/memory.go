package main

import (
	"bufio"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// memPeak is the peak memory of this process during a run, in bytes.
type memPeak struct {
	// HeapLive is the heap marked live by a GC (/gc/heap/live:bytes).
	HeapLive uint64 `json:"heap_live"`
	// HeapInUse is the heap held by objects, live or not yet swept.
	HeapInUse uint64 `json:"heap_in_use"`
	// GoTotal is all memory the Go runtime has mapped (like MemStats.Sys).
	GoTotal uint64 `json:"go_total"`
	// RSS is the resident set's high-water mark (VmHWM; 0 off Linux).
	RSS uint64 `json:"rss"`
}

// sampler reads the runtime's memory metrics until stopped.
type sampler struct {
	quit chan struct{}
	done chan memPeak
}

var memMetrics = []string{
	"/gc/heap/live:bytes", "/memory/classes/heap/objects:bytes", "/memory/classes/total:bytes",
}

// startSampler samples every period.
func startSampler(period time.Duration) *sampler {
	s := &sampler{quit: make(chan struct{}), done: make(chan memPeak, 1)}
	go s.loop(period)

	return s
}

func (s *sampler) loop(period time.Duration) {
	samples := make([]metrics.Sample, len(memMetrics))
	for i, name := range memMetrics {
		samples[i].Name = name
	}

	var peak memPeak
	tick := time.NewTicker(period)
	defer tick.Stop()

	for {
		metrics.Read(samples)
		peak.HeapLive = max(peak.HeapLive, samples[0].Value.Uint64())
		peak.HeapInUse = max(peak.HeapInUse, samples[1].Value.Uint64())
		peak.GoTotal = max(peak.GoTotal, samples[2].Value.Uint64())

		select {
		case <-s.quit:
			s.done <- peak
			return
		case <-tick.C:
		}
	}
}

// stop ends the sampling and returns the peaks, with the RSS high-water mark.
func (s *sampler) stop() memPeak {
	close(s.quit)
	peak := <-s.done
	peak.RSS = rssHighWater()

	return peak
}

// rssHighWater reads VmHWM from /proc/self/status; 0 where there is none.
func rssHighWater() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}

	return 0
}
