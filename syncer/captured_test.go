package syncer

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// capturedFile returns the path of a captured OME response in
// ../shared/fixtures/ome-captured beside the repository, or skips.
func capturedFile(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.work above the package; cannot find ../shared")
		}

		dir = parent
	}

	path := filepath.Join(dir, "..", "shared", "fixtures", "ome-captured", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("captured fixture %s is absent (%v); it lives outside the repository", name, err)
	}

	return path
}

// TestMapCapturedInventory reads a real server's inventory through the
// ome client and maps it: the installed BIOS row, not the previous image.
func TestMapCapturedInventory(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile(capturedFile(t, "responseGetAllDeviceInventory.json"))
	if err != nil {
		t.Fatal(err)
	}

	mock := httpmock.NewMockTransport()
	const url = "https://ome.test/api/DeviceService/Devices(12795)/InventoryDetails"
	mock.RegisterResponder(http.MethodGet, url,
		httpmock.NewBytesResponder(http.StatusOK, body).HeaderSet(http.Header{
			"Content-Type": {"application/json"}}))
	c, err := ome.NewClient("https://ome.test", ome.WithCredentials("reader", "not-a-secret"),
		ome.WithBasicAuth(), ome.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		t.Fatal(err)
	}

	d := &ome.Device{ID: 12795, Type: ome.TypeServer, DeviceServiceTag: "SVCTAG1"}
	inv, err := OMESource(c).Inventory(t.Context(), d)
	if err != nil {
		t.Fatalf("Inventory: %v", err)
	}

	got, problems := Map(d, inv)
	want := dsm.Record{DeviceID: "12795", ServiceTag: "SVCTAG1", BIOSVersion: ptr("2.18.1"),
		IDRACFirmware: ptr("6.10.80.00"), CPUCount: ptr(2), MemoryGB: ptr(480)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}

	if len(problems) != 0 || mock.GetTotalCallCount() != 1 {
		t.Errorf("problems %v, %d requests; want none and 1", problems, mock.GetTotalCallCount())
	}
}

// TestMapCapturedDevices maps the captured device page without inventory:
// names that are IPs or localhost fall back, link-local addresses are left
// out, and the iDRAC version comes from the newest of two profiles.
func TestMapCapturedDevices(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile(capturedFile(t, "responseGetAllDevices.json"))
	if err != nil {
		t.Fatal(err)
	}

	var page struct {
		Value []ome.Device `json:"value"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("decode devices: %v", err)
	}

	rec := func(id, tag, model, host string, ip *string, idrac string) dsm.Record {
		return dsm.Record{DeviceID: id, ServiceTag: tag, Model: ptr(model), Hostname: ptr(host),
			IPAddress: ip, IDRACFirmware: ptr(idrac)}
	}
	// Two devices have only a link-local IPv6 address (fe80::/10), which
	// is not usable from elsewhere: they are sent without ip_address.
	want := []dsm.Record{
		rec("123450", "MX84002", "PowerEdge MX840c", "server_a", ptr("192.35.0.1"), "7.00.00.00"),
		rec("123456", "CZMC1T2", "PowerEdge R640", "iDRAC-CZMC1T2", ptr("1.2.3.4"), "6.10.80.00"),
		rec("123458", "4111H63", "PowerEdge MX840c", "WIN-OMIH8SUERNL", nil, "6.10.80.00"),
		rec("123459", "541K903", "PowerEdge MX840c", "idrac-541K903", ptr("192.39.0.5"),
			"7.00.00.00"),
		rec("123460", "J368DH2", "PowerEdge R730xd", "iDRAC-J368DH2", nil, "2.84.84.84"),
	}
	var got []dsm.Record
	for i := range page.Value {
		r, _ := Map(&page.Value[i], nil)
		got = append(got, r)
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}
