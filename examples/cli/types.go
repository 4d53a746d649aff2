package main

import (
	"fmt"
	"strconv"
	"strings"
)

// typeNames are the device type names --type takes.
var typeNames = map[string]int{
	"server": 1000, "chassis": 2000, "storage": 3000, "network-iom": 4000, "storage-iom": 8000,
}

// parseTypes reads a comma-separated list of type names or numbers. Its
// error is the flag's: parse marks it as a configuration error once.
func parseTypes(s string) ([]int, error) {
	var out []int
	for _, p := range splitList(s) {
		if n, ok := typeNames[strings.ToLower(p)]; ok {
			out = append(out, n)

			continue
		}

		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("unknown device type %q: use server, chassis, storage, "+
				"network-iom, storage-iom or a number", p)
		}

		out = append(out, n)
	}

	return out, nil
}
