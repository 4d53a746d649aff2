package omesim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// sharedDir finds ../shared beside the directory holding go.work.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(shared); err != nil {
				t.Skip("../shared is absent; the captured OME responses are not available")
			}

			return shared
		}
	}

	t.Skip("no go.work above the package; cannot find ../shared")

	return ""
}

// readCaptured decodes a captured response.
func readCaptured(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "fixtures", "ome-captured", name))
	if err != nil {
		t.Fatal(err)
	}

	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}

	return v
}

// roundTrip gives v as a client would decode it.
func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}

	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}

	return out
}

// jsonKind names the JSON kind of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	}

	return "object"
}

// compareShape reports keys of ours that the capture lacks or holds with
// another JSON kind, and (when all) keys of the capture that ours lacks.
// Nested objects and the first element of arrays are compared too.
func compareShape(t *testing.T, where string, captured, ours map[string]any, all bool) {
	t.Helper()
	for _, k := range sortedKeys(ours) {
		c, ok := captured[k]
		switch {
		case !ok && k != "SimulatedFutureField":
			t.Errorf("%s: field %s is not in the captured response", where, k)
		case ok && c != nil && ours[k] != nil && jsonKind(c) != jsonKind(ours[k]):
			t.Errorf("%s: field %s is a %s, captured as a %s", where, k, jsonKind(ours[k]), jsonKind(c))
		case ok:
			compareNested(t, where+"."+k, c, ours[k], all)
		}
	}

	for _, k := range sortedKeys(captured) {
		if _, ok := ours[k]; all && !ok {
			t.Errorf("%s: captured field %s is missing", where, k)
		}
	}
}

// compareNested descends into objects and first array elements.
func compareNested(t *testing.T, where string, c, o any, all bool) {
	t.Helper()
	if cm, ok := c.(map[string]any); ok {
		if om, ok := o.(map[string]any); ok {
			compareShape(t, where, cm, om, all)
		}
	}

	ca, _ := c.([]any)
	oa, _ := o.([]any)
	if len(ca) > 0 && len(oa) > 0 {
		compareNested(t, where+"[0]", ca[0], oa[0], all)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}

	sort.Strings(keys)

	return keys
}

func TestDeviceObjectHasTheCapturedShape(t *testing.T) {
	t.Parallel()
	captured := readCaptured(t, "responseGetAllDevices.json")["value"].([]any)[0].(map[string]any)

	for _, d := range []Device{Generate(1, 5)[4], Quirks()[0]} {
		compareShape(t, "device", captured, roundTrip(t, d.Full().Object), true)
	}
}

func TestInventoryRowsUseCapturedFieldNames(t *testing.T) {
	t.Parallel()
	captured := map[string]map[string]any{}
	for _, v := range readCaptured(t, "responseGetAllDeviceInventory.json")["value"].([]any) {
		d := v.(map[string]any)
		if rows := d["InventoryInfo"].([]any); len(rows) > 0 {
			captured[d["InventoryType"].(string)] = rows[0].(map[string]any)
		}
	}

	inv := Generate(1, 5)[4].Full().Inventory
	for typ, rows := range inv {
		c, ok := captured[typ]
		if !ok || len(rows) == 0 {
			t.Errorf("type %s: not in the capture or empty here", typ)
			continue
		}

		full := typ == "serverProcessors" || typ == "serverMemoryDevices" || typ == "deviceSoftware"
		compareShape(t, typ, c, roundTrip(t, rows[0]), full)
	}
}

func TestSessionConfigurationHasTheCapturedShape(t *testing.T) {
	t.Parallel()
	captured := readCaptured(t, "responseGetNetworkSession.json")
	srv := start(t, Config{})
	tok, _ := login(t, srv)

	compareShape(t, "SessionConfiguration", captured,
		get(t, srv, tok, "/api/SessionService/SessionConfiguration"), true)
}

// withoutRows drops InventoryInfo from an inventory body and its value.
func withoutRows(body map[string]any) map[string]any {
	delete(body, "InventoryInfo")
	for _, v := range asSlice(body["value"]) {
		delete(v.(map[string]any), "InventoryInfo")
	}

	return body
}

func asSlice(v any) []any {
	s, _ := v.([]any)

	return s
}

func TestInventoryEnvelopesHaveTheCapturedShape(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	compareShape(t, "single type", withoutRows(readCaptured(t, "responseGetSingleDeviceInventory.json")),
		withoutRows(get(t, srv, tok, "/api/DeviceService/Devices(1001)/InventoryDetails('deviceSoftware')")), true)
	compareShape(t, "collection", withoutRows(readCaptured(t, "responseGetAllDeviceInventory.json")),
		withoutRows(get(t, srv, tok, "/api/DeviceService/Devices(1001)/InventoryDetails")), true)
}
