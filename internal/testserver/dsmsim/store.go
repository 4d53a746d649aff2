package dsmsim

import (
	"maps"
	"slices"
	"time"
)

// Summary counts what one request did, as the function answers it.
type Summary struct {
	Total      int `json:"total"`
	New        int `json:"new"`
	Updated    int `json:"updated"`
	AutoLinked int `json:"auto_linked"`
	Errors     int `json:"errors"`
}

// AuditEntry is the audit row the function writes for each request it
// handled, also when its answer was then lost (Fail504AfterCommit).
type AuditEntry struct {
	Action  string
	Manual  bool
	Summary Summary
	Time    time.Time
}

// deviceError is one entry of the answer's errors.
type deviceError struct {
	ServiceTag string `json:"service_tag"`
	DeviceID   any    `json:"device_id"`
	Message    string `json:"message"`
}

// upsertLocked stores the devices and builds the answer.
func (s *Server) upsertLocked(req *syncBody) map[string]any {
	sum := Summary{Total: len(req.devices)}
	errs := []deviceError{}
	for _, d := range req.devices {
		tag := NormalizeTag(d["service_tag"].(string))
		if s.state.rejectTag[tag] {
			errs = append(errs, deviceError{tag, d["device_id"], "rejected by the simulator"})
			sum.Errors++

			continue
		}

		s.mergeLocked(tag, d, &sum)
	}

	now := s.cfg.Now().UTC()
	s.state.audit = append(s.state.audit, AuditEntry{
		Action: "openmanage_sync", Manual: req.manual, Summary: sum, Time: now,
	})

	return map[string]any{
		"success": true, "summary": sum, "errors": errs, "timestamp": now.Format(time.RFC3339),
	}
}

// mergeLocked upserts one device: keys it does not carry keep their
// stored value.
func (s *Server) mergeLocked(tag string, d map[string]any, sum *Summary) {
	rec, ok := s.state.store[tag]
	if ok {
		sum.Updated++
	} else {
		rec = map[string]any{}
		s.state.store[tag] = rec
		sum.New++
	}

	maps.Copy(rec, d)
	rec["service_tag"] = tag

	if s.serials[tag] && !s.state.linked[tag] {
		s.state.linked[tag] = true
		sum.AutoLinked++
	}
}

// Store returns a copy of the records by service tag, as the function
// holds them: cpu_count and memory_gb are ints, other numbers float64.
func (s *Server) Store() map[string]map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()

	out := make(map[string]map[string]any, len(s.state.store))
	for tag, rec := range s.state.store {
		out[tag] = deepCopy(rec).(map[string]any)
	}

	return out
}

// Put stores a record under tag (normalized) as if an earlier sync had
// sent it; it makes no summary.
func (s *Server) Put(tag string, rec map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()

	tag = NormalizeTag(tag)
	cp := deepCopy(rec).(map[string]any)
	cp["service_tag"] = tag
	s.state.store[tag] = cp
}

// Linked returns the service tags linked to a vCenter host, sorted.
func (s *Server) Linked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()

	return slices.Sorted(maps.Keys(s.state.linked))
}

// Summaries returns the summary of each handled request, in order.
func (s *Server) Summaries() []Summary {
	s.mu.Lock()
	defer s.mu.Unlock()

	out := make([]Summary, 0, len(s.state.audit))
	for _, a := range s.state.audit {
		out = append(out, a.Summary)
	}

	return out
}

// Audit returns the audit entries, in order.
func (s *Server) Audit() []AuditEntry {
	s.mu.Lock()
	defer s.mu.Unlock()

	return slices.Clone(s.state.audit)
}

// Requests returns how many requests reached the sync path.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.state.requests
}

// AuthRequests returns how many requests reached the token endpoint.
func (s *Server) AuthRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.state.authReqs
}

// UserRequests returns how many requests reached GET /auth/v1/user.
func (s *Server) UserRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.state.userReqs
}

// deepCopy copies maps and slices of decoded JSON.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}

		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}

		return out
	}

	return v
}
