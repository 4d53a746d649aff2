package syncer

import (
	"fmt"
	"math"

	"github.com/dsmtools/omesync/ome"
)

// memoryGB sums the DIMM sizes (MB) with ome.TotalMemoryMB and rounds to
// the nearest GB, half up. It gives nil when there are no DIMMs or the
// total rounds to 0, and nil with an error naming the DIMM when a size
// cannot be read or the sizes add up to no size at all.
func memoryGB(dimms []ome.MemoryDevice) (*int, error) {
	totalMB, err := ome.TotalMemoryMB(dimms)
	if err == nil && totalMB < 0 {
		err = negativeMemory(dimms)
	}

	if err != nil {
		return nil, fmt.Errorf("memory_gb left out: %w", err)
	}

	gb := totalMB / 1024
	if totalMB%1024 >= 512 {
		gb++
	}

	return positive(int(gb)), nil
}

// negativeMemory explains a negative total: a DIMM with a negative size,
// or sizes whose sum went past the largest int64.
func negativeMemory(dimms []ome.MemoryDevice) error {
	for i, m := range dimms {
		if m.Size.MB < 0 {
			return fmt.Errorf("memory %s: size %d MB is negative; fix or report the inventory",
				dimmName(m, i), m.Size.MB)
		}
	}

	return fmt.Errorf("memory: the sizes of the %d DIMMs add up to more than %d MB; "+
		"fix or report the inventory", len(dimms), int64(math.MaxInt64))
}

// dimmName names a DIMM for a problem.
func dimmName(m ome.MemoryDevice, i int) string {
	for _, s := range []string{m.Name, m.InstanceID, m.DeviceDescription} {
		if s != "" {
			return s
		}
	}

	return fmt.Sprintf("#%d", i+1)
}
