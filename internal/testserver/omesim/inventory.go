package omesim

import (
	"fmt"
	"net/http"
)

// inventoryDetail is one {InventoryType, InventoryInfo} object.
type inventoryDetail struct {
	Context string           `json:"@odata.context,omitempty"`
	Type    string           `json:"@odata.type"`
	ID      string           `json:"@odata.id"`
	Name    string           `json:"InventoryType"`
	Info    []map[string]any `json:"InventoryInfo"`
}

// handleInventory serves GET …/Devices(<Id>)/InventoryDetails and, when
// single, …/InventoryDetails('<type>').
func (s *Server) handleInventory(id int, typ string, single bool) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ *session) {
		e, ok := s.dataset().byID[id]
		switch {
		case !ok:
			writeError(w, notFound(fmt.Sprintf("No device with Id %d exists.", id)))
		case e.dev.InventoryFails:
			writeError(w, apiError{http.StatusInternalServerError, msgProcessing,
				"Unable to process the request because an error occurred while reading " +
					"the inventory (simulated).", "Retry the operation."})
		case single:
			s.writeInventoryType(w, id, e.dev, typ)
		default:
			s.writeInventory(w, id, e.dev)
		}
	}
}

// writeInventoryType writes one inventory type, or 400 when it does not apply.
func (s *Server) writeInventoryType(w http.ResponseWriter, id int, d *Device, typ string) {
	rows, ok := d.inventory(typ)
	if !ok {
		writeError(w, apiError{http.StatusBadRequest, msgNotFound,
			fmt.Sprintf("Unable to retrieve inventory type %q because it is not applicable "+
				"to device %d (simulated).", typ, id),
			"Enter an inventory type that applies to the device."})

		return
	}

	det := detail(id, typ, rows)
	det.Context = "/api/$metadata#DeviceService.InventoryDetail"
	writeJSON(w, http.StatusOK, det)
}

// writeInventory writes every inventory type of a device.
func (s *Server) writeInventory(w http.ResponseWriter, id int, d *Device) {
	types := d.inventoryTypes()
	value := make([]inventoryDetail, 0, len(types))
	for _, t := range types {
		rows, _ := d.inventory(t)
		value = append(value, detail(id, t, rows))
	}

	writeCollection(w, "DeviceService.InventoryDetail", value)
}

// detail wraps rows as an InventoryDetail; nil rows become [].
func detail(id int, typ string, rows []map[string]any) inventoryDetail {
	if rows == nil {
		rows = []map[string]any{}
	}

	return inventoryDetail{
		Type: "#DeviceService.InventoryDetail",
		ID:   fmt.Sprintf("/api/DeviceService/Devices(%d)/InventoryDetails('%s')", id, typ),
		Name: typ,
		Info: rows,
	}
}
