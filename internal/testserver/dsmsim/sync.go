package dsmsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveSync answers POST /functions/v1/openmanage-sync: the gateway's
// token check, the faults, the body check, the upsert and the summary.
func (s *Server) serveSync(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.state.requests++
	s.revokeFaultLocked()
	if !s.gatewayLocked(w, r) || s.bootFaultLocked(w) {
		return
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 32<<20))
	if err != nil {
		badRequest(w, "could not read the request body")
		return
	}

	req, err := parseSyncBody(body)
	if err != nil {
		badRequest(w, err.Error())
		return
	}

	if s.runFaultLocked(w, len(req.devices)) {
		return
	}

	s.answerLocked(w, s.upsertLocked(req))
}

// gatewayLocked checks the bearer token as Supabase's gateway does.
func (s *Server) gatewayLocked(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		unauthorized(w, CodeNoAuthHeader, "Missing authorization header")
		return false
	}

	if err := s.verifyLocked(strings.TrimSpace(token)); err != nil {
		unauthorized(w, err.Error(), "Invalid JWT")
		return false
	}

	return true
}

// unauthorized writes the gateway's 401.
func unauthorized(w http.ResponseWriter, code, msg string) {
	w.Header().Set("sb-error-code", code)
	writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": msg})
}

// badRequest writes the function's 400.
func badRequest(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"success": false, "error": msg})
}

// bootFaultLocked answers 503 while that knob lasts.
func (s *Server) bootFaultLocked(w http.ResponseWriter) bool {
	if s.state.faults.fail503 <= 0 {
		return false
	}

	s.state.faults.fail503--
	w.Header().Set("sb-error-code", "BOOT_ERROR")
	writeJSON(w, http.StatusServiceUnavailable, map[string]any{
		"code": "BOOT_ERROR", "message": "the function did not boot (simulated)",
	})

	return true
}

// runFaultLocked answers 500 or 546 when a knob says so; nothing is
// stored then.
func (s *Server) runFaultLocked(w http.ResponseWriter, devices int) bool {
	f := &s.state.faults
	switch {
	case f.fail500 > 0:
		f.fail500--
		writeJSON(w, http.StatusInternalServerError, map[string]any{
			"success": false, "error": "uncaught error in the function (simulated)",
		})
	case f.limit546Above > 0 && devices > f.limit546Above:
		w.Header().Set("sb-error-code", "WORKER_LIMIT")
		writeJSON(w, 546, map[string]any{
			"code": "WORKER_LIMIT", "message": fmt.Sprintf("%d devices exceed the simulated limit", devices),
		})
	default:
		return false
	}

	return true
}

// answerLocked writes the summary, or a 504 after the commit while that
// knob lasts.
func (s *Server) answerLocked(w http.ResponseWriter, resp map[string]any) {
	if s.state.faults.fail504AfterCommit <= 0 {
		writeJSON(w, http.StatusOK, resp)
		return
	}

	s.state.faults.fail504AfterCommit--
	w.Header().Set("sb-error-code", "IDLE_TIMEOUT")
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusGatewayTimeout)
	_, _ = io.WriteString(w, "upstream request timeout")
}

// syncBody is a checked request body.
type syncBody struct {
	devices []map[string]any
	manual  bool
}

// parseSyncBody checks the body as the function does; the error names
// the field.
func parseSyncBody(body []byte) (*syncBody, error) {
	var top struct {
		Devices []json.RawMessage `json:"devices"`
		Manual  *bool             `json:"manual"`
	}

	if err := json.Unmarshal(body, &top); err != nil {
		return nil, fmt.Errorf("body must be a json object with a devices array and a boolean manual: %v", err)
	}

	if top.Devices == nil {
		return nil, fmt.Errorf("devices is required")
	}

	out := &syncBody{manual: top.Manual != nil && *top.Manual}
	for i, raw := range top.Devices {
		d, err := parseDevice(raw)
		if err != nil {
			return nil, fmt.Errorf("devices[%d].%w", i, err)
		}

		out.devices = append(out.devices, d)
	}

	return out, nil
}

// parseDevice checks one device and converts its numbers: integers for
// cpu_count and memory_gb, float64 elsewhere (as encoding/json would).
func parseDevice(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()

	var d map[string]any
	if err := dec.Decode(&d); err != nil || d == nil {
		return nil, fmt.Errorf("device must be an object")
	}

	for _, key := range []string{"service_tag", "device_id"} {
		if v, ok := d[key].(string); !ok || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("%s must be a non-empty string", key)
		}
	}

	for k, v := range d {
		conv, err := convert(k, v)
		if err != nil {
			return nil, err
		}

		d[k] = conv
	}

	return d, nil
}

// convert turns json.Numbers into int for the integer fields and float64
// elsewhere.
func convert(key string, v any) (any, error) {
	if key == "cpu_count" || key == "memory_gb" {
		return toInt(key, v)
	}

	return normalize(v), nil
}

// toInt checks an integer field; null is kept as nil.
func toInt(key string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}

	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("%s must be an integer", key)
	}

	i, err := n.Int64()
	if err != nil {
		return nil, fmt.Errorf("%s must be an integer", key)
	}

	return int(i), nil
}

// normalize replaces json.Number with float64, deeply.
func normalize(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
	}

	return v
}
