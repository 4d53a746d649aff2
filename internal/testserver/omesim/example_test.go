package omesim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/dsmtools/omesync/internal/testserver/omesim"
)

// ExampleStart logs in to a simulator holding the quirk devices and counts
// its servers.
func ExampleStart() {
	srv := omesim.Start(omesim.Config{Devices: omesim.Quirks()})
	defer srv.Close()

	body := strings.NewReader(`{"UserName":"admin","Password":"admin","SessionType":"API"}`)
	resp, err := srv.Client().Post(srv.URL()+"/api/SessionService/Sessions", "application/json", body)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()

	req, _ := http.NewRequest(http.MethodGet,
		srv.URL()+"/api/DeviceService/Devices?$filter=Type%20eq%201000&$top=0", nil)
	req.Header.Set("X-Auth-Token", resp.Header.Get("X-Auth-Token"))
	list, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer list.Body.Close()

	var page struct {
		Count int `json:"@odata.count"`
	}
	_ = json.NewDecoder(list.Body).Decode(&page)
	fmt.Println(resp.StatusCode, list.StatusCode, page.Count, srv.OpenSessions())
	// Output: 201 200 25 1
}
