package omesim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInventoryAnswers(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)
	tests := []struct {
		name   string
		path   string
		status int
		msgID  string
	}{
		{"collection", "Devices(1001)/InventoryDetails", 200, ""},
		{"one type", "Devices(1001)/InventoryDetails('serverProcessors')", 200, ""},
		{"not applicable to a switch", "Devices(1003)/InventoryDetails('serverProcessors')", 400, "CGEN1004"},
		{"missing on a server", "Devices(1002)/InventoryDetails('serverProcessors')", 400, "CGEN1004"},
		{"never inventoried", "Devices(1004)/InventoryDetails('deviceSoftware')", 400, "CGEN1004"},
		{"unknown device", "Devices(4242)/InventoryDetails", 404, "CGEN1004"},
		{"unknown device, one type", "Devices(4242)/InventoryDetails('deviceSoftware')", 404, "CGEN1004"},
		{"always failing", "Devices(1210)/InventoryDetails", 500, "CGEN6001"},
		{"always failing, one type", "Devices(1210)/InventoryDetails('serverProcessors')", 500, "CGEN6001"},
	}

	for _, tt := range tests {
		r := do(t, srv, http.MethodGet, "/api/DeviceService/"+tt.path, tok, nil)
		if r.status != tt.status || messageID(r.body) != tt.msgID {
			t.Errorf("%s: status %d, MessageId %q; want %d, %q", tt.name, r.status,
				messageID(r.body), tt.status, tt.msgID)
		}
	}

	if n := srv.RequestsByKind()["inventory"]; n != int64(len(tests)) {
		t.Errorf("inventory requests = %d, want %d", n, len(tests))
	}
}

func TestInventorySingleTypeShape(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/DeviceService/Devices(2101)/InventoryDetails('serverMemoryDevices')")
	var sizes []float64
	for _, row := range body["InventoryInfo"].([]any) {
		sizes = append(sizes, row.(map[string]any)["Size"].(float64))
	}

	if diff := cmp.Diff([]float64{16384, 16384, 32768}, sizes); diff != "" {
		t.Errorf("DIMM sizes (-want +got):\n%s", diff)
	}

	want := map[string]any{
		"@odata.context": "/api/$metadata#DeviceService.InventoryDetail",
		"@odata.type":    "#DeviceService.InventoryDetail",
		"@odata.id":      "/api/DeviceService/Devices(2101)/InventoryDetails('serverMemoryDevices')",
		"InventoryType":  "serverMemoryDevices",
	}
	delete(body, "InventoryInfo")
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("envelope (-want +got):\n%s", diff)
	}
}

func TestInventoryCollectionShape(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	never := get(t, srv, tok, "/api/DeviceService/Devices(1004)/InventoryDetails")
	if never["@odata.count"] != 0.0 || len(never["value"].([]any)) != 0 {
		t.Errorf("never-inventoried collection = %v, want count 0 and []", never)
	}

	partial := get(t, srv, tok, "/api/DeviceService/Devices(1002)/InventoryDetails")
	var types []string
	for _, v := range partial["value"].([]any) {
		d := v.(map[string]any)
		types = append(types, d["InventoryType"].(string))
		if d["InventoryType"] == "serverMemoryDevices" && len(d["InventoryInfo"].([]any)) != 0 {
			t.Errorf("serverMemoryDevices of 1002 is not empty")
		}
	}

	want := []string{"serverNetworkInterfaces", "serverOperatingSystems", "serverPowerSupplies",
		"serverArrayDisks", "serverMemoryDevices", "deviceLocation", "deviceManagement",
		"deviceSoftware", "subsystemRollupStatus"}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("1002 types (-want +got):\n%s", diff)
	}
}

func TestGeneratedServerSoftwareRows(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Generate(5, 20)})
	tok, _ := login(t, srv)

	// Slot 4 of a block is a rack server.
	body := get(t, srv, tok, "/api/DeviceService/Devices(20004)/InventoryDetails('deviceSoftware')")
	states := map[string]int{}
	installedBIOS := 0
	for _, v := range body["InventoryInfo"].([]any) {
		row := v.(map[string]any)
		id := row["InstanceId"].(string)
		states[strings.SplitN(strings.TrimPrefix(id, "DCIM:"), "#", 2)[0]]++
		if strings.HasSuffix(id, "BIOS.Setup.1-1") && row["Status"] == "Installed" {
			installedBIOS++
			if row["ComponentId"] != "159" || row["SoftwareType"] != "BIOS" {
				t.Errorf("installed BIOS row = %v", row)
			}
		}
	}

	if installedBIOS != 1 || states["INSTALLED"] == 0 || states["CURRENT"] == 0 || states["PREVIOUS"] == 0 {
		t.Errorf("installed BIOS rows %d, row states %v", installedBIOS, states)
	}

	chassis := do(t, srv, http.MethodGet,
		"/api/DeviceService/Devices(20000)/InventoryDetails('serverProcessors')", tok, nil)
	if chassis.status != 400 {
		t.Errorf("chassis serverProcessors: status %d, want 400", chassis.status)
	}
}
