package omesim

import "net/http"

// handleInfo serves GET /api/ApplicationService/Info. ProductType is a
// number, as in Dell's own test data for this call.
func (s *Server) handleInfo(w http.ResponseWriter, _ *http.Request, _ *session) {
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context": "/api/$metadata#ApplicationService.Info",
		"@odata.type":    "#ApplicationService.Info",
		"@odata.id":      "/api/ApplicationService/Info",
		"Name":           "OM Enterprise",
		"Description":    "OpenManage Enterprise",
		"Vendor":         "Dell, Inc.",
		"ProductType":    1,
		"Version":        s.cfg.Version,
		"BuildNumber":    "42",
		"OperationJobId": 0,
	})
}

// deviceTypes is the DeviceType table (ome-api.md §4.3).
var deviceTypes = []struct {
	id         int
	name, desc string
}{
	{1000, "SERVER", "Server Device"},
	{2000, "CHASSIS", "Chassis Device"},
	{3000, "STORAGE", "Storage Device"},
	{4000, "NETWORK_IOM", "NETWORK IO Module Device"},
	{8000, "STORAGE_IOM", "Storage IOM Device"},
}

// handleDeviceTypes serves GET /api/DeviceService/DeviceType.
func handleDeviceTypes(w http.ResponseWriter, _ *http.Request, _ *session) {
	value := make([]map[string]any, len(deviceTypes))
	for i, t := range deviceTypes {
		value[i] = map[string]any{"DeviceType": t.id, "Name": t.name, "Description": t.desc}
	}

	writeCollection(w, "DeviceService.DeviceType", value)
}
