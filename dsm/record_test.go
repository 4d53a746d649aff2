package dsm

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRecordMarshal(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"unknown fields left out", Record{DeviceID: "1", ServiceTag: "A"},
			`{"device_id":"1","service_tag":"A"}`},
		{"zero values kept when known", Record{DeviceID: "1", ServiceTag: "A", CPUCount: ptr(0), Model: ptr("")},
			`{"device_id":"1","service_tag":"A","model":"","cpu_count":0}`},
		{"all fields", Record{DeviceID: "25114", ServiceTag: "7QZ4K2M", Model: ptr("PowerEdge R650"),
			Hostname: ptr("esx-a01.example.com"), IPAddress: ptr("192.0.2.41"), BIOSVersion: ptr("1.13.2"),
			IDRACFirmware: ptr("7.00.60.00"), CPUCount: ptr(2), MemoryGB: ptr(512)},
			`{"device_id":"25114","service_tag":"7QZ4K2M","model":"PowerEdge R650",` +
				`"hostname":"esx-a01.example.com","ip_address":"192.0.2.41","bios_version":"1.13.2",` +
				`"idrac_firmware":"7.00.60.00","cpu_count":2,"memory_gb":512}`},
		{"extra merged in sorted order", Record{DeviceID: "1", ServiceTag: "A",
			Extra: map[string]any{"power_state": "on", "health_status": 1000}},
			`{"device_id":"1","service_tag":"A","health_status":1000,"power_state":"on"}`},
		{"empty extra map", Record{DeviceID: "1", ServiceTag: "A", Extra: map[string]any{}},
			`{"device_id":"1","service_tag":"A"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			got, err := json.Marshal(tt.rec)
			if err != nil {
				t.Fatal(err)
			}

			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("json (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecordMarshalRejectsBadExtraKeys(t *testing.T) {
	t.Parallel()

	for _, key := range []string{"model", "service_tag", "memory_gb", ""} {
		rec := Record{DeviceID: "1", ServiceTag: "TAG1", Extra: map[string]any{key: 1, "ok": 2}}

		_, err := json.Marshal(SyncRequest{Devices: []Record{rec}})
		if !errors.Is(err, ErrExtraField) {
			t.Fatalf("key %q: err = %v, want ErrExtraField", key, err)
		}

		if !strings.Contains(err.Error(), "TAG1") || (key != "" && !strings.Contains(err.Error(), `"`+key+`"`)) {
			t.Errorf("key %q: error %q does not name the record and the key", key, err)
		}
	}
}

func TestRecordUnmarshalKeepsUnknownKeys(t *testing.T) {
	t.Parallel()

	in := `{"device_id":"1","service_tag":"A","cpu_count":2,"power_state":"on","n":3}`

	var got Record
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}

	want := Record{DeviceID: "1", ServiceTag: "A", CPUCount: ptr(2),
		Extra: map[string]any{"power_state": "on", "n": 3.0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}

	out, err := json.Marshal(got)
	if err != nil || string(out) != `{"device_id":"1","service_tag":"A","cpu_count":2,"n":3,"power_state":"on"}` {
		t.Errorf("round trip = %s, %v", out, err)
	}
}

func TestRecordValidate(t *testing.T) {
	t.Parallel()

	ok := Record{DeviceID: "7", ServiceTag: "TAG7", Extra: map[string]any{"rack": "A", "n": 2.5}}
	tests := map[string]struct {
		rec       Record
		extraKey  bool
		wantError string
	}{
		"good":         {rec: ok},
		"no extra":     {rec: Record{DeviceID: "7", ServiceTag: "TAG7"}},
		"blank id":     {rec: Record{DeviceID: " ", ServiceTag: "TAG7"}, wantError: "device id is empty"},
		"blank tag":    {rec: Record{DeviceID: "7"}, wantError: "service tag is empty"},
		"standard key": {rec: withExtra(ok, "model", "x"), extraKey: true, wantError: `"model"`},
		"empty key":    {rec: withExtra(ok, "", 1), extraKey: true, wantError: "empty key"},
		"infinity":     {rec: withExtra(ok, "load", math.Inf(1)), wantError: `extra field "load"`},
		"function":     {rec: withExtra(ok, "f", func() {}), wantError: `extra field "f"`},
	}
	for name, tt := range tests {
		err := tt.rec.Validate()
		if tt.wantError == "" {
			if err != nil {
				t.Errorf("%s: Validate = %v, want nil", name, err)
			}

			continue
		}

		var re *RecordError
		if !errors.As(err, &re) || re.DeviceID != tt.rec.DeviceID || errors.Is(err, ErrExtraField) != tt.extraKey ||
			!strings.Contains(err.Error(), tt.wantError) {
			t.Errorf("%s: Validate = %v, want a *RecordError holding %s (ErrExtraField %v)",
				name, err, tt.wantError, tt.extraKey)
		}
	}
}

// withExtra returns r with one more Extra field.
func withExtra(r Record, k string, v any) Record {
	r.Extra = maps.Clone(r.Extra)
	r.Extra[k] = v

	return r
}
