package main

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// event is the part of an invocation payload the function reads: the
// EventBridge envelope of a scheduled run, or a direct invocation's flags.
type event struct {
	Source     string `json:"source"`
	DetailType string `json:"detail-type"`
	Manual     bool   `json:"manual"`
	DryRun     bool   `json:"dry_run"`
}

// scheduled reports whether EventBridge sent the event on a schedule.
func (e event) scheduled() bool {
	return e.Source == "aws.events" || e.DetailType == "Scheduled Event"
}

// parseEvent reads a payload. An empty payload or null is a plain run;
// a scheduled event is never manual, whatever else it carries.
func parseEvent(raw []byte) (event, error) {
	var ev event
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ev, nil
	}

	if err := json.Unmarshal(raw, &ev); err != nil {
		return ev, fmt.Errorf("the invocation payload is not a JSON object "+
			`such as {"manual": true, "dry_run": true}: %w`, err)
	}

	if ev.scheduled() {
		ev.Manual = false
	}

	return ev, nil
}
