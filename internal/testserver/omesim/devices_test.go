package omesim

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultPageAndNextLink(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Generate(1, 120)})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/DeviceService/Devices")
	if got := len(body["value"].([]any)); got != 50 {
		t.Errorf("page length = %d, want 50", got)
	}

	want := map[string]any{
		"@odata.context":  "/api/$metadata#Collection(DeviceService.Device)",
		"@odata.count":    120.0,
		"@odata.nextLink": "/api/DeviceService/Devices?$skip=50&$top=50",
	}
	delete(body, "value")
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("page envelope (-want +got):\n%s", diff)
	}
}

func TestFollowingNextLinkReadsEveryDeviceOnce(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Generate(3, 7), PageSize: 3})
	tok, _ := login(t, srv)

	var got []int
	pages := 0
	for link := "/api/DeviceService/Devices"; link != ""; pages++ {
		body := get(t, srv, tok, link)
		got = append(got, ids(body)...)
		link, _ = body["@odata.nextLink"].(string)
	}

	slices.Sort(got)
	want := []int{20000, 20001, 20002, 20003, 20004, 20005, 20006}
	if diff := cmp.Diff(want, got); diff != "" || pages != 3 {
		t.Errorf("pages %d (want 3); ids (-want +got):\n%s", pages, diff)
	}

	if n := srv.RequestsByKind()["devices"]; n != 3 {
		t.Errorf("devices requests = %d, want 3", n)
	}
}

func TestNextLinkDropsFilterAndOrderBy(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/DeviceService/Devices?$filter=Type%20eq%202000%20or%20Type%20eq%204000"+
		"&$orderby=Id%20desc&$skip=0&$top=2")
	if diff := cmp.Diff([]int{1302, 1301}, ids(body)); diff != "" {
		t.Errorf("first page (-want +got):\n%s", diff)
	}

	link := body["@odata.nextLink"]
	if link != "/api/DeviceService/Devices?$skip=2&$top=2" || body["@odata.count"] != 3.0 {
		t.Fatalf("nextLink %v, count %v", link, body["@odata.count"])
	}

	next := get(t, srv, tok, link.(string))
	if next["@odata.count"] != float64(len(Quirks())) {
		t.Errorf("bare nextLink count = %v, want the unfiltered %d", next["@odata.count"], len(Quirks()))
	}
}

func TestPagingBoundaries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		query    string
		withTop  bool
		wantLen  int
		wantNext any
	}{
		{"top zero is count only", "?$top=0", false, 0, nil},
		{"last page", "?$skip=4&$top=3", false, 1, nil},
		{"exactly full", "?$skip=2&$top=3", false, 3, nil},
		{"beyond end", "?$skip=50&$top=3", false, 0, nil},
		{"top above count", "?$top=1000", false, 5, nil},
		{"top above count, quirk on", "?$top=1000", true, 5, "/api/DeviceService/Devices?$skip=1000&$top=1000"},
		{"quirk repeats on empty page", "?$skip=1000&$top=1000", true, 0,
			"/api/DeviceService/Devices?$skip=2000&$top=1000"},
		{"percent-encoded dollar", "?%24skip=3&%24top=1", false, 1, "/api/DeviceService/Devices?$skip=4&$top=1"},
	}

	for _, tt := range tests {
		srv := start(t, Config{Devices: Generate(2, 5), NextLinkWithTop: tt.withTop})
		tok, _ := login(t, srv)
		body := get(t, srv, tok, "/api/DeviceService/Devices"+tt.query)
		if got := len(body["value"].([]any)); got != tt.wantLen || body["@odata.count"] != 5.0 {
			t.Errorf("%s: %d items, count %v; want %d, 5", tt.name, got, body["@odata.count"], tt.wantLen)
		}

		if got := body["@odata.nextLink"]; got != tt.wantNext {
			t.Errorf("%s: nextLink = %v, want %v", tt.name, got, tt.wantNext)
		}
	}
}

func TestBadQueriesAnswer400(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)
	queries := []string{
		"$filter=Type+eq+1000",
		"$filter=Type%20eq%201000&$orderby=Id+desc",
		"$top=-1",
		"$skip=x",
		"$filter=Colour%20eq%20'red'",
		"$orderby=Colour",
		"$filter=%ZZ",
	}

	for _, q := range queries {
		r := do(t, srv, http.MethodGet, "/api/DeviceService/Devices?"+q, tok, nil)
		if r.status != 400 || messageID(r.body) == "" {
			t.Errorf("%s: status %d, body %s; want 400 with an error body", q, r.status, r.raw)
		}
	}
}

func TestDefaultOrderIsStableAndNotByID(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Generate(1, 40)})
	tok, _ := login(t, srv)

	first := ids(get(t, srv, tok, "/api/DeviceService/Devices?$top=40"))
	second := ids(get(t, srv, tok, "/api/DeviceService/Devices?$top=40"))
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("order changed between requests (-first +second):\n%s", diff)
	}

	if slices.IsSorted(first) {
		t.Error("default order is Id order; it must not be")
	}

	byID := ids(get(t, srv, tok, "/api/DeviceService/Devices?$top=40&$orderby=Id"))
	if !slices.IsSorted(byID) || len(byID) != 40 {
		t.Errorf("$orderby=Id gave %v", byID)
	}

	desc := ids(get(t, srv, tok, "/api/DeviceService/Devices?$top=40&$orderby=Id%20desc"))
	slices.Reverse(desc)
	if diff := cmp.Diff(byID, desc); diff != "" {
		t.Errorf("desc is not the reverse of asc (-asc +reversed desc):\n%s", diff)
	}
}

func TestGetSingleDevice(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks()})
	tok, _ := login(t, srv)

	body := get(t, srv, tok, "/api/DeviceService/Devices(1209)")
	if body["DeviceServiceTag"] != "TST1209" || body["ChassisServiceTag"] != "TSTCH01" ||
		body["@odata.context"] != "/api/$metadata#DeviceService.Device" {
		t.Errorf("device 1209 = %v", body)
	}

	for path, status := range map[string]int{"Devices(99)": 404, "Devices(abc)": 400} {
		r := do(t, srv, http.MethodGet, "/api/DeviceService/"+path, tok, nil)
		if r.status != status || messageID(r.body) == "" {
			t.Errorf("%s: status %d, want %d with an error body", path, r.status, status)
		}
	}
}

func TestGroups(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Devices: Quirks(), PageSize: 10})
	tok, _ := login(t, srv)

	list := get(t, srv, tok, "/api/GroupService/Groups")
	if diff := cmp.Diff([]int{1010, 1011, 10001}, ids(list)); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}

	chassis := get(t, srv, tok, "/api/GroupService/Groups(1011)/Devices")
	if diff := cmp.Diff([]int{1301}, ids(chassis)); diff != "" {
		t.Errorf("Chassis members (-want +got):\n%s", diff)
	}

	servers := get(t, srv, tok, "/api/GroupService/Groups(1010)/Devices?$filter=Id%20lt%201100")
	if servers["@odata.count"] != 3.0 {
		t.Errorf("filtered Servers count = %v, want 3 (1001, 1002, 1004)", servers["@odata.count"])
	}

	if r := do(t, srv, http.MethodGet, "/api/GroupService/Groups(5)/Devices", tok, nil); r.status != 404 {
		t.Errorf("unknown group: status %d", r.status)
	}
}

func TestInfoAndDeviceType(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{Version: "3.10.2"})
	tok, _ := login(t, srv)

	info := get(t, srv, tok, "/api/ApplicationService/Info")
	if info["Version"] != "3.10.2" || info["ProductType"] != 1.0 || info["BuildNumber"] != "42" {
		t.Errorf("Info = %v, want Version 3.10.2, ProductType the number 1, BuildNumber \"42\"", info)
	}

	types := get(t, srv, tok, "/api/DeviceService/DeviceType")
	if types["@odata.count"] != 5.0 {
		t.Errorf("DeviceType count = %v, want 5", types["@odata.count"])
	}
}

func TestUnknownPathsAnswerJSON404(t *testing.T) {
	t.Parallel()
	srv := start(t, Config{})
	tok, _ := login(t, srv)

	for _, p := range []string{"/", "/api/Nope/Things", "/api/DeviceService/Devices(1)/Nope"} {
		r := do(t, srv, http.MethodGet, p, tok, nil)
		if r.status != 404 || messageID(r.body) != "CGEN1006" {
			t.Errorf("%s: status %d, MessageId %q", p, r.status, messageID(r.body))
		}
	}

	if r := do(t, srv, http.MethodPost, "/api/DeviceService/Devices", tok, nil); r.status != 405 {
		t.Errorf("POST Devices: status %d, want 405", r.status)
	}
}
