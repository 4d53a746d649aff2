package app

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dsmtools/omesync/dsm"
)

// maxRecordLine bounds one JSON line of a dry run's output.
const maxRecordLine = 16 << 20

// ReadRecords decodes the JSON lines a dry run wrote (RunOptions.DryRunOut),
// ordered by OME device id.
func ReadRecords(r io.Reader) ([]dsm.Record, error) {
	records := []dsm.Record{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxRecordLine)
	for sc.Scan() {
		var rec dsm.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("read the dry run's records: %w", err)
		}

		records = append(records, rec)
	}

	SortRecords(records)

	return records, sc.Err()
}

// SortRecords orders records by OME device id, which the engine's
// concurrent inventory reads do not keep.
func SortRecords(records []dsm.Record) {
	slices.SortFunc(records, func(a, b dsm.Record) int {
		ai, _ := strconv.ParseInt(a.DeviceID, 10, 64)
		bi, _ := strconv.ParseInt(b.DeviceID, 10, 64)

		return cmp.Or(cmp.Compare(ai, bi), strings.Compare(a.DeviceID, b.DeviceID))
	})
}
