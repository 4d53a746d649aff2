package ome

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// memoryUnits converts a unit to MB. Memory units are binary: 1 GB = 1024 MB.
var memoryUnits = map[string]float64{
	"MB": 1, "MIB": 1, "GB": 1024, "GIB": 1024, "TB": 1024 * 1024, "TIB": 1024 * 1024,
}

var memoryText = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)$`)

// sizeMissing is MemorySize.Invalid for a DIMM decoded without a Size key.
const sizeMissing = "missing"

// UnmarshalJSON reads a DIMM and marks a missing Size key as an unknown
// size (Invalid "missing"), never as 0 MB.
func (d *MemoryDevice) UnmarshalJSON(b []byte) error {
	type plain MemoryDevice // without this method
	p := plain{Size: MemorySize{Invalid: sizeMissing}}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}

	*d = MemoryDevice(p)
	return nil
}

// UnmarshalJSON reads an integer number of MB, or a string with an explicit
// unit ("16 GB", "16384 MB", "1 TB"). Anything else keeps its text in
// Invalid without failing the decode, so one odd DIMM cannot hide the rest;
// null is an unknown size (Invalid "null"), not 0.
func (m *MemorySize) UnmarshalJSON(b []byte) error {
	*m = MemorySize{}
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*m = MemorySize{Invalid: "null"}
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("ome: memory size: %w", err)
		}
		*m = parseMemoryText(s)
		return nil
	}
	*m = parseMemoryNumber(string(b))
	return nil
}

// parseMemoryNumber reads a JSON number of MB; fractions and negatives are invalid.
func parseMemoryNumber(s string) MemorySize {
	if mb, err := strconv.ParseInt(s, 10, 64); err == nil && mb >= 0 {
		return MemorySize{MB: mb}
	}

	f, err := strconv.ParseFloat(s, 64)
	if err == nil && f >= 0 && f == math.Trunc(f) && f < math.MaxInt64 {
		return MemorySize{MB: int64(f)}
	}
	return MemorySize{Invalid: s}
}

// parseMemoryText converts a size with an explicit unit; other text is invalid.
func parseMemoryText(s string) MemorySize {
	m := memoryText.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return MemorySize{Invalid: s}
	}

	factor, ok := memoryUnits[strings.ToUpper(m[2])]
	n, err := strconv.ParseFloat(m[1], 64)
	mb := n * factor
	if !ok || err != nil || mb != math.Trunc(mb) || mb >= math.MaxInt64 {
		return MemorySize{Invalid: s}
	}
	return MemorySize{MB: int64(mb)}
}

// MarshalJSON writes the MB as an integer, or the invalid text as a string.
func (m MemorySize) MarshalJSON() ([]byte, error) {
	if m.Invalid != "" {
		return json.Marshal(m.Invalid)
	}
	return []byte(strconv.FormatInt(m.MB, 10)), nil
}

// Valid reports whether the size was understood.
func (m MemorySize) Valid() bool { return m.Invalid == "" }

// TotalMemoryMB sums the DIMM sizes in MB. A size that could not be read,
// null or missing is an error naming the DIMM, never a guess, and so is a
// sum beyond int64; a 0 MB entry adds nothing. No DIMMs at all (an absent
// or empty memory section) is an unknown total, never 0 MB: an error
// matching ErrNoMemory. Divide by 1024 for GB.
func TotalMemoryMB(mem []MemoryDevice) (int64, error) {
	if mem == nil {
		return 0, fmt.Errorf("%w: the memory section is absent; the total is unknown", ErrNoMemory)
	}

	if len(mem) == 0 {
		return 0, fmt.Errorf("%w: the memory section lists no DIMMs; the total is unknown",
			ErrNoMemory)
	}

	var total int64
	for _, d := range mem {
		if !d.Size.Valid() {
			return 0, fmt.Errorf("ome: memory %s: size %q is not a size in MB this "+
				"package can read; fix or report the inventory", dimmName(d), d.Size.Invalid)
		}

		if d.Size.MB < 0 {
			return 0, fmt.Errorf("ome: memory %s: size %d MB is negative; "+
				"fix or report the inventory", dimmName(d), d.Size.MB)
		}

		if d.Size.MB > math.MaxInt64-total {
			return 0, fmt.Errorf("ome: memory %s: size %d MB overflows the total of %d MB; "+
				"the inventory's sizes are wrong, report it", dimmName(d), d.Size.MB, total)
		}
		total += d.Size.MB
	}
	return total, nil
}

// dimmName names a DIMM for messages.
func dimmName(d MemoryDevice) string {
	for _, s := range []string{d.Name, d.InstanceID, d.DeviceDescription} {
		if s != "" {
			return s
		}
	}
	return "entry " + strconv.FormatInt(d.ID, 10)
}
