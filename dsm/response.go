package dsm

import (
	"encoding/json"
	"net/http"
)

// SyncRequest is the body of POST /functions/v1/openmanage-sync.
type SyncRequest struct {
	// Devices are the records to upsert.
	Devices []Record `json:"devices"`
	// Manual marks a sync that a person started (DSM's "manual" flag).
	Manual bool `json:"manual"`
}

// Summary counts what the function did.
type Summary struct {
	// Total counts the records the function answered for.
	Total int `json:"total"`
	// New counts the servers it created.
	New int `json:"new"`
	// Updated counts the servers it already held and updated.
	Updated int `json:"updated"`
	// AutoLinked counts the servers it linked to the vCenter host whose
	// serial number is their service tag.
	AutoLinked int `json:"auto_linked"`
	// Errors counts the records it refused (see DeviceError).
	Errors int `json:"errors"`
}

// Add returns the field-by-field sum of s and o.
func (s Summary) Add(o Summary) Summary {
	return Summary{
		Total:      s.Total + o.Total,
		New:        s.New + o.New,
		Updated:    s.Updated + o.Updated,
		AutoLinked: s.AutoLinked + o.AutoLinked,
		Errors:     s.Errors + o.Errors,
	}
}

// DeviceError is a device the function refused.
type DeviceError struct {
	// ServiceTag and DeviceID name the refused record, as far as the
	// function named it; either may be empty.
	ServiceTag string `json:"service_tag,omitempty"`
	DeviceID   string `json:"device_id,omitempty"`
	// Message is the function's reason (its "message", else "error").
	Message string `json:"message"`
}

// UnmarshalJSON accepts a device id given as a number and a message given
// under "error".
func (d *DeviceError) UnmarshalJSON(data []byte) error {
	var raw struct {
		ServiceTag string          `json:"service_tag"`
		DeviceID   json.RawMessage `json:"device_id"`
		Message    string          `json:"message"`
		Error      string          `json:"error"`
	}

	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}

	*d = DeviceError{ServiceTag: raw.ServiceTag, DeviceID: idText(raw.DeviceID), Message: raw.Message}
	if d.Message == "" {
		d.Message = raw.Error
	}

	return nil
}

// idText reads an id given as a JSON string or number.
func idText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}

	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}

	return ""
}

// SyncResponse is the function's answer to one request.
type SyncResponse struct {
	// Success is always true: "success": false is an error (ErrSyncFailed).
	Success bool `json:"success"`
	// Summary counts what the function did with the request's records.
	Summary Summary `json:"summary"`
	// Errors are the records it refused.
	Errors []DeviceError `json:"errors"`
	// Timestamp is when the function answered, as it wrote it (RFC 3339).
	Timestamp string `json:"timestamp"`
}

// decodeSyncResponse reads a 200 answer. A body that is not a JSON object
// with "success" is ErrNotJSON; "success": false is ErrSyncFailed; a
// success without a summary is ErrNotJSON too, never a sync of nothing.
func decodeSyncResponse(resp *http.Response, body []byte) (*SyncResponse, error) {
	var probe struct {
		SyncResponse
		Success *bool           `json:"success"`
		Summary json.RawMessage `json:"summary"`
	}

	if !looksLikeJSON(body) || json.Unmarshal(body, &probe) != nil || probe.Success == nil {
		return nil, notSyncAnswer(resp, body)
	}

	if !*probe.Success {
		return nil, failedSync(resp, body)
	}

	out := probe.SyncResponse
	out.Success = true
	if len(probe.Summary) == 0 || string(probe.Summary) == "null" ||
		json.Unmarshal(probe.Summary, &out.Summary) != nil {
		return nil, notSyncAnswer(resp, body)
	}

	return &out, nil
}

// notSyncAnswer is the error for a 200 body that is not the function's.
func notSyncAnswer(resp *http.Response, body []byte) error {
	e := newAPIError(resp, body)
	e.notJSON, e.Excerpt = true, excerpt(body)

	return e
}

// failedSync is the error for a 200 answer with "success": false.
func failedSync(resp *http.Response, body []byte) error {
	e := newAPIError(resp, body)
	if e.Message == "" {
		e.Message = "the function reported success false"
	}

	return e
}
