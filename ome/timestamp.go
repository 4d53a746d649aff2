package ome

import "time"

// Timestamp is OME's "2006-01-02 15:04:05.000" time, with no zone (read as UTC).
// TODO: UnmarshalJSON/MarshalJSON that keep the original text and accept "NA" and "null".
type Timestamp struct {
	time.Time
	Raw string
}
