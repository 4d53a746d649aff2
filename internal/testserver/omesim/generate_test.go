package omesim

import (
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Generate(7, 60), Generate(7, 60)
	for i := range a {
		if diff := cmp.Diff(a[i].Full(), b[i].Full(), cmp.AllowUnexported(Device{})); diff != "" {
			t.Fatalf("device %d differs between runs (-first +second):\n%s", i, diff)
		}
	}

	other := Generate(8, 1)[0].Full().Object["DeviceServiceTag"]
	if other == a[0].Full().Object["DeviceServiceTag"] {
		t.Errorf("seeds 7 and 8 gave the same first tag %v", other)
	}
}

func TestGenerateMix(t *testing.T) {
	t.Parallel()
	devs := Generate(1, 200)
	types := map[int]int{}
	for _, d := range devs {
		id, _ := intField(d.Full().Object, "Type")
		types[id]++
	}

	want := map[int]int{1000: 130, 2000: 30, 4000: 20, 8000: 10, 3000: 10}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("type counts (-want +got):\n%s", diff)
	}
}

func TestGeneratedSledsPointAtTheirChassis(t *testing.T) {
	t.Parallel()
	devs := Generate(4, 20)
	chassis := devs[0].Full().Object
	for _, i := range []int{1, 2, 3} {
		obj := devs[i].Full().Object
		if obj["ChassisServiceTag"] != chassis["DeviceServiceTag"] || obj["ChassisIp"] == "" {
			t.Errorf("device %d: ChassisServiceTag %v, ChassisIp %v; chassis tag %v", i,
				obj["ChassisServiceTag"], obj["ChassisIp"], chassis["DeviceServiceTag"])
		}
	}

	rack := devs[4].Full().Object
	if rack["ChassisServiceTag"] != rack["DeviceServiceTag"] || rack["ChassisIp"] != "" {
		t.Errorf("rack server: ChassisServiceTag %v, ChassisIp %q", rack["ChassisServiceTag"], rack["ChassisIp"])
	}
}

func TestGeneratedServerInventory(t *testing.T) {
	t.Parallel()
	for _, d := range Generate(9, 40) {
		full := d.Full()
		if full.Object["Type"] != 1000 {
			continue
		}

		cpus := len(full.Inventory["serverProcessors"])
		mem := full.Inventory["serverMemoryDevices"]
		if cpus < 1 || cpus > 2 || len(mem) == 0 {
			t.Errorf("device %d: %d CPUs, %d DIMMs", d.ID(), cpus, len(mem))
		}

		for _, row := range mem {
			if size, ok := row["Size"].(int); !ok || size%1024 != 0 || size == 0 {
				t.Errorf("device %d: DIMM Size %v is not a whole number of GB in MB", d.ID(), row["Size"])
			}
		}
	}
}

func TestGeneratedTagsAndIDsAreUniqueAtScale(t *testing.T) {
	t.Parallel()
	ds := newDataset(Generate(11, 50000))
	tagRE := regexp.MustCompile(`^[1-9][0-9A-Z]{6}$`)
	seen := map[string]bool{}
	for _, e := range ds.entries {
		tag := e.str[sServiceTag]
		if seen[tag] || !tagRE.MatchString(tag) {
			t.Fatalf("tag %q repeated or malformed", tag)
		}

		seen[tag] = true
	}

	if len(ds.byID) != 50000 {
		t.Errorf("%d distinct Ids, want 50000", len(ds.byID))
	}
}

// Not parallel: it measures the heap.
func TestGenerateFiftyThousandIsSmallAndFast(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	began := time.Now()
	srv := newServer(Config{Devices: Generate(1, 50000)})
	took := time.Since(began)

	runtime.GC()
	runtime.ReadMemStats(&after)
	used := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(srv)
	t.Logf("Generate(1, 50000) and indexing: %v, %.1f MB of heap", took, float64(used)/(1<<20))

	if used > 40<<20 {
		t.Errorf("heap grew by %d MB, want under 40 MB", used>>20)
	}

	if took > 5*time.Second {
		t.Errorf("took %v, want well under 5s", took)
	}
}
