package dsm

// Record is one server as the sync endpoint takes it. A nil pointer means
// "unknown in this run" and is left out of the JSON, so that DSM keeps the
// value it holds. Extra fields travel in the same JSON object.
// TODO: MarshalJSON/UnmarshalJSON that merge Extra.
type Record struct {
	DeviceID      string  `json:"device_id"`
	ServiceTag    string  `json:"service_tag"`
	Model         *string `json:"model,omitempty"`
	Hostname      *string `json:"hostname,omitempty"`
	IPAddress     *string `json:"ip_address,omitempty"`
	BIOSVersion   *string `json:"bios_version,omitempty"`
	IDRACFirmware *string `json:"idrac_firmware,omitempty"`
	CPUCount      *int    `json:"cpu_count,omitempty"`
	MemoryGB      *int    `json:"memory_gb,omitempty"`

	// Extra holds fields added by a mapping hook; a key that names one of
	// the fields above is an error when the record is encoded.
	Extra map[string]any `json:"-"`
}

// SyncRequest is the body of POST /functions/v1/openmanage-sync.
type SyncRequest struct {
	Devices []Record `json:"devices"`
	Manual  bool     `json:"manual"`
}

// Summary counts what the function did.
type Summary struct {
	Total      int `json:"total"`
	New        int `json:"new"`
	Updated    int `json:"updated"`
	AutoLinked int `json:"auto_linked"`
	Errors     int `json:"errors"`
}

// DeviceError is a device the function refused.
type DeviceError struct {
	ServiceTag string `json:"service_tag,omitempty"`
	DeviceID   string `json:"device_id,omitempty"`
	Message    string `json:"message"`
}

// SyncResponse is the function's answer to one request.
type SyncResponse struct {
	Success   bool          `json:"success"`
	Summary   Summary       `json:"summary"`
	Errors    []DeviceError `json:"errors"`
	Timestamp string        `json:"timestamp"`
}

// FailedBatch is a batch that still failed after retries and splits.
type FailedBatch struct {
	Records []Record
	Err     error
}

// SyncResult aggregates every batch of one Sync call.
type SyncResult struct {
	Summary  Summary
	Errors   []DeviceError
	Failed   []FailedBatch
	Requests int
}
