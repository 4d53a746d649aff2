package ome

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestInventoryGetAll(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(1001)/InventoryDetails",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
			"@odata.count": 3,
			"value": []any{
				map[string]any{"InventoryType": "serverProcessors", "InventoryInfo": []any{
					map[string]any{"Id": 1, "SlotNumber": "CPU.Socket.1", "NumberOfCores": 16}}},
				map[string]any{"InventoryType": "serverMemoryDevices", "InventoryInfo": []any{}},
				map[string]any{"InventoryType": "deviceLocation", "InventoryInfo": []any{
					map[string]any{"Id": 53, "Rack": "R1"}}},
			}})))

	inv, err := c.Inventory.Get(t.Context(), 1001)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}

	want := []Processor{{ID: 1, SlotNumber: "CPU.Socket.1", NumberOfCores: 16}}
	if diff := cmp.Diff(want, inv.Processors); diff != "" {
		t.Errorf("processors (-want +got):\n%s", diff)
	}

	if inv.Memory == nil || len(inv.Memory) != 0 || !inv.Has(InventoryMemory) {
		t.Errorf("empty memory section should be present and empty, got %#v", inv.Memory)
	}

	if inv.Has(InventorySoftware) || inv.Software != nil {
		t.Errorf("absent software section should be nil")
	}

	if got := string(inv.Raw["deviceLocation"]); got != `[{"Id":53,"Rack":"R1"}]` {
		t.Errorf("raw deviceLocation = %s", got)
	}
}

func TestInventoryPerTypeNotApplicable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		resp     *http.Response
		wantErr  error
		wantText string
	}{
		{"400 not applicable", jsonResponse(http.StatusBadRequest,
			omeError("CGEN1004", "Inventory type not applicable.")), nil, ""},
		{"400 without extended info", jsonResponse(http.StatusBadRequest,
			map[string]any{"error": map[string]any{"code": "Base.1.0.GeneralError"}}), nil, ""},
		{"400 not JSON", httpmock.NewStringResponse(http.StatusBadRequest,
			"<html><body>Bad Request</body></html>"), ErrNotJSON, "400"},
		{"404 CGEN1004 unknown device", jsonResponse(http.StatusNotFound,
			omeError("CGEN1004", "Unable to complete the request.")), ErrNotFound, "device 1003"},
		{"404 CGEN1006", jsonResponse(http.StatusNotFound,
			omeError("CGEN1006", "Resource URI does not exist.")), ErrNotFound, "device 1003"},
		{"500", jsonResponse(http.StatusInternalServerError,
			omeError("CGEN6001", "General processing error.")), ErrServer, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth())
			procs := testBase + "/api/DeviceService/Devices(1003)/InventoryDetails('serverProcessors')"
			mt.RegisterResponder(http.MethodGet, procs, httpmock.ResponderFromResponse(tt.resp))
			mt.RegisterResponder(http.MethodGet,
				testBase+"/api/DeviceService/Devices(1003)/InventoryDetails('deviceSoftware')",
				httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
					"InventoryType": "deviceSoftware", "InventoryInfo": []any{
						map[string]any{"Version": "10.5", "SoftwareType": "FRMW"}}})))

			inv, err := c.Inventory.Get(t.Context(), 1003, InventoryProcessors, InventorySoftware)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantText) {
					t.Errorf("error %q lacks %q", err, tt.wantText)
				}
				return
			}

			if inv.Has(InventoryProcessors) || inv.Processors != nil || len(inv.Software) != 1 {
				t.Errorf("inventory = %+v", inv)
			}
		})
	}
}

func TestInventoryDecodeErrorNamesSection(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(5)/InventoryDetails",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
			"value": []any{map[string]any{"InventoryType": "serverProcessors",
				"InventoryInfo": "oops"}}})))

	_, err := c.Inventory.Get(t.Context(), 5)
	if err == nil || !strings.Contains(err.Error(), "device 5: inventory serverProcessors") {
		t.Fatalf("error = %v, want a decode error naming device and section", err)
	}
}

func TestInventoryOfUnknownDeviceNamesIt(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(404)/InventoryDetails",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusNotFound,
			omeError("CGEN1004", "Unable to complete the request."))))

	_, err := c.Inventory.Get(t.Context(), 404)
	checkErrText(t, err, []error{ErrNotFound}, []string{"device 404", "CGEN1004"})
}

// TestInventoryWithoutArrayIsAnError: a 200 whose body lacks the
// InventoryInfo or value array is an error, never an empty inventory.
func TestInventoryWithoutArrayIsAnError(t *testing.T) {
	t.Parallel()
	const dev = testBase + "/api/DeviceService/Devices(7)/InventoryDetails"
	tests := []struct {
		name  string
		url   string
		body  string
		types []InventoryType
		want  string
	}{
		{"whole, empty object", dev, `{}`, nil, "no value array"},
		{"whole, count only", dev, `{"@odata.count": 0}`, nil, "no value array"},
		{"whole, null value", dev, `{"value": null}`, nil, "no value array"},
		{"per type, empty object", dev + "('serverProcessors')", `{}`,
			[]InventoryType{InventoryProcessors}, "no InventoryInfo array"},
		{"per type, no InventoryInfo", dev + "('serverProcessors')",
			`{"InventoryType": "serverProcessors"}`, []InventoryType{InventoryProcessors},
			"no InventoryInfo array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth())
			mt.RegisterResponder(http.MethodGet, tt.url, httpmock.NewStringResponder(http.StatusOK,
				tt.body).HeaderSet(http.Header{"Content-Type": {"application/json"}}))

			inv, err := c.Inventory.Get(t.Context(), 7, tt.types...)
			if err == nil {
				t.Fatalf("Get = %+v, want an error", inv)
			}

			checkErrText(t, err, nil, []string{"device 7", tt.want})
		})
	}
}

// TestInventoryNullInfoIsEmpty: "InventoryInfo": null is a section that
// is present and empty, as before.
func TestInventoryNullInfoIsEmpty(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet,
		testBase+"/api/DeviceService/Devices(8)/InventoryDetails('serverProcessors')",
		httpmock.NewStringResponder(http.StatusOK, `{"InventoryInfo": null}`).
			HeaderSet(http.Header{"Content-Type": {"application/json"}}))

	inv, err := c.Inventory.Get(t.Context(), 8, InventoryProcessors)
	if err != nil || !inv.Has(InventoryProcessors) || inv.Processors == nil {
		t.Fatalf("Get = %+v, %v; want a present, empty section", inv, err)
	}
}
