package ome

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// TimestampLayout is how OME writes times: no zone, fraction digits vary.
const TimestampLayout = "2006-01-02 15:04:05.000"

// Timestamp is OME's "2006-01-02 15:04:05.000" time. OME sends no zone;
// the time is read as UTC (the appliance's zone, UTC unless configured
// otherwise). Raw keeps the text as sent so re-encoding gives it back.
// Placeholders such as "NA", "null" or "" and text that is not a time keep
// Raw and leave Time zero; use IsZero to tell.
type Timestamp struct {
	// Time is the time read, in UTC; zero for a placeholder.
	time.Time
	// Raw is the text as sent.
	Raw string
}

// timestampLayouts are tried in order; Go accepts any fraction after seconds.
var timestampLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", time.RFC3339Nano}

// ParseTimestamp reads OME's time text; ok is false for placeholders and
// text that is not a time.
func ParseTimestamp(s string) (Timestamp, bool) {
	ts := Timestamp{Raw: s}
	v := strings.TrimSpace(s)
	for _, layout := range timestampLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			ts.Time = t
			return ts, true
		}
	}
	return ts, false
}

// UnmarshalJSON accepts a string, or null (which leaves t unchanged).
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}

	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("ome: timestamp %s is not a string", b)
	}

	*t, _ = ParseTimestamp(s)
	return nil
}

// MarshalJSON writes Raw when set, else the time in OME's layout, else null.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	switch {
	case t.Raw != "":
		return json.Marshal(t.Raw)
	case t.Time.IsZero():
		return []byte("null"), nil
	}
	return json.Marshal(t.Time.UTC().Format(TimestampLayout))
}

// String returns Raw when set, else the time in OME's layout.
func (t Timestamp) String() string {
	if t.Raw != "" || t.Time.IsZero() {
		return t.Raw
	}
	return t.Time.UTC().Format(TimestampLayout)
}
