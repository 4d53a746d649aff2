package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// deviceTypes are the device types --type takes, by name or number.
var deviceTypes = []struct {
	name string
	code ome.DeviceType
}{
	{"server", ome.TypeServer}, {"chassis", ome.TypeChassis}, {"storage", ome.TypeStorage},
	{"network-iom", ome.TypeNetworkIOM}, {"storage-iom", ome.TypeStorageIOM},
}

// parseTypes reads a comma-separated list of type names or numbers. Its
// error is the flag's: parse marks it as a configuration error once.
func parseTypes(s string) ([]int, error) {
	var out []int
	for _, p := range splitList(s) {
		code, ok := lookupType(p)
		if !ok {
			return nil, fmt.Errorf("unknown device type %q: the known types are %s",
				p, knownTypes())
		}

		out = append(out, int(code))
	}

	return out, nil
}

// lookupType finds a device type by its name (in any case) or number.
func lookupType(s string) (ome.DeviceType, bool) {
	for _, t := range deviceTypes {
		if strings.EqualFold(s, t.name) || s == strconv.Itoa(int(t.code)) {
			return t.code, true
		}
	}

	return 0, false
}

// knownTypes lists the device types: "server (1000), ... and storage-iom
// (8000)".
func knownTypes() string {
	names := make([]string, len(deviceTypes))
	for i, t := range deviceTypes {
		names[i] = fmt.Sprintf("%s (%d)", t.name, t.code)
	}

	return joinAnd(names)
}
