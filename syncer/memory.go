package syncer

import (
	"errors"
	"fmt"

	"github.com/dsmtools/omesync/ome"
)

// memoryGB sums the DIMM sizes (MB) with ome.TotalMemoryMB and rounds to
// the nearest GB, half up. It gives nil when there are no DIMMs or the
// total rounds to 0, and nil with ome's error naming the DIMM when a size
// is unknown, unreadable or negative, or the sizes add up past int64.
func memoryGB(dimms []ome.MemoryDevice) (*int, error) {
	totalMB, err := ome.TotalMemoryMB(dimms)
	if errors.Is(err, ome.ErrNoMemory) {
		return nil, nil
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
