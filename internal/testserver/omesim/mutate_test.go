package omesim

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAddAndRemoveDevicesBetweenPages(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)
	q := "/api/DeviceService/Devices?$filter=Type%20ne%201000&$orderby=Id&$top=2"

	first := get(t, srv, tok, q+"&$skip=0")
	srv.RemoveDevices(1003)
	srv.AddDevices(Generate(1, 1)...)
	second := get(t, srv, tok, q+"&$skip=2")

	got := append(ids(first), ids(second)...)
	if diff := cmp.Diff([]int{1003, 1301, 1303, 1304}, got); diff != "" {
		t.Errorf("ids across a change (-want +got):\n%s", diff)
	}

	if second["@odata.count"] != 5.0 {
		t.Errorf("count after the change = %v, want 5", second["@odata.count"])
	}

	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices(1003)", tok, nil); r.status != 404 {
		t.Errorf("removed device: status %d, want 404", r.status)
	}

	get(t, srv, tok, "/api/DeviceService/Devices(20000)/InventoryDetails")
}

func TestIDListFiltersAndIsDroppedFromNextLink(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/DeviceService/Devices?Id=1001,1201,2101&$orderby=Id&$top=2")
	if diff := cmp.Diff([]int{1001, 1201}, ids(body)); diff != "" || body["@odata.count"] != 3.0 {
		t.Errorf("count %v; ids (-want +got):\n%s", body["@odata.count"], diff)
	}

	if body["@odata.nextLink"] != "/api/DeviceService/Devices?$skip=2&$top=2" {
		t.Errorf("nextLink = %v", body["@odata.nextLink"])
	}

	if r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices?Id=1,x", tok, nil); r.status != 400 {
		t.Errorf("bad Id list: status %d, want 400", r.status)
	}
}

func TestRedirectNextIsFollowedByGoClients(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, _ := login(t, srv)
	srv.RedirectNext("devices", 1)

	get(t, srv, tok, "/api/DeviceService/Devices?$top=1")
	if n := srv.RequestsByKind()["devices"]; n != 2 {
		t.Errorf("devices requests = %d, want 2 (the redirect and the retry)", n)
	}
}

func TestMaxInFlightAndPeak(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{MaxInFlight: 1})
	tok, _ := login(t, srv)
	srv.SlowNext("devices", 300*time.Millisecond, 1)

	done := make(chan int)
	go func() {
		r, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL()+"/api/DeviceService/Devices", nil)
		r.Header.Set("X-Auth-Token", tok)
		resp, err := srv.Client().Do(r)
		if err != nil {
			done <- 0
			return
		}

		resp.Body.Close()
		done <- resp.StatusCode
	}()

	for srv.inFlight.Load() == 0 {
		time.Sleep(time.Millisecond)
	}

	busy := do(t, srv, http.MethodGet, "/api/ApplicationService/Info", tok, nil)
	if busy.status != 503 || messageID(busy.body) == "" {
		t.Errorf("request beside the slow one: status %d, want 503 with an error body", busy.status)
	}

	if status := <-done; status != 200 || srv.PeakInFlight() != 2 {
		t.Errorf("slow request: status %d, peak %d; want 200, 2", status, srv.PeakInFlight())
	}
}

func TestSomeGeneratedServersLackDisks(t *testing.T) {
	t.Parallel()
	without, empty := 0, 0
	for _, d := range Generate(1, 200) {
		full := d.Full()
		if full.Object["Type"] != 1000 {
			continue
		}

		if _, ok := full.Inventory["serverArrayDisks"]; !ok {
			without++
		}

		if os, ok := full.Inventory["serverOperatingSystems"]; ok && len(os) == 0 {
			empty++
		}
	}

	if without == 0 || without > 40 || empty == 0 || empty > 40 {
		t.Errorf("%d servers without disks, %d with no OS rows; want a few of each", without, empty)
	}
}
