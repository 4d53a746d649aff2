package ome

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jarcoal/httpmock"
)

func TestAllSendsFilterAndOrderOnEveryPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithPageSize(2))
	fs := registerSessions(t, mt)
	var queries []string
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		pagedDevices(seqIDs(201, 5), 2, func(r *http.Request) {
			queries = append(queries, r.URL.RawQuery)
			if !fs.authorized(r) {
				t.Errorf("page without a live token")
			}
		}))

	opts := &ListOptions{Filter: Eq("Type", TypeServer), OrderBy: "Identifier asc"}
	ids, err := collectIDs(c.Devices.All(t.Context(), opts))
	if err != nil {
		t.Fatalf("All: %v", err)
	}

	if diff := cmp.Diff(seqIDs(201, 5), ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}

	want := []string{
		"$filter=Type%20eq%201000&$orderby=Identifier%20asc&$skip=0&$top=2",
		"$filter=Type%20eq%201000&$orderby=Identifier%20asc&$skip=2&$top=2",
		"$filter=Type%20eq%201000&$orderby=Identifier%20asc&$skip=4&$top=2",
	}
	if diff := cmp.Diff(want, queries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

func TestAllAdvancesByItemsReceived(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		count      int
		serverPage int
		wantCalls  int
	}{
		{"B04 pages of 3", 7, 3, 3},
		{"server page 50", 120, 50, 3},
		{"server page 100", 230, 100, 3},
		{"exactly one full page", 3, 3, 1},
		{"empty collection", 0, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth())
			ids := seqIDs(401, tt.count)
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
				pagedDevices(ids, tt.serverPage, nil))

			got, err := collectIDs(c.Devices.All(t.Context(), nil))
			if err != nil {
				t.Fatalf("All: %v", err)
			}

			if diff := cmp.Diff(ids, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}

			if calls := mt.GetTotalCallCount(); calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
		})
	}
}

func TestGetByServiceTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ids     []int64
		wantErr error
	}{
		{"one", []int64{7}, nil},
		{"none", nil, ErrNotFound},
		{"several", []int64{7, 8}, errSeveral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth())
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
				pagedDevices(tt.ids, 50, func(r *http.Request) {
					if got := r.URL.Query().Get("$filter"); got != "DeviceServiceTag eq 'O''BRIEN'" {
						t.Errorf("$filter = %q", got)
					}
				}))

			d, err := c.Devices.GetByServiceTag(t.Context(), "O'BRIEN")
			checkErr(t, err, tt.wantErr)
			if err == nil && d.ID != 7 {
				t.Errorf("device id = %d, want 7", d.ID)
			}
		})
	}
}

// TestGetByServiceTagRefusesBlank: a blank tag would match a device
// without one, so it is refused before anything is sent.
func TestGetByServiceTagRefusesBlank(t *testing.T) {
	t.Parallel()
	for _, tag := range []string{"", " ", "\t "} {
		c, mt, _ := newTestClient(t, WithBasicAuth())
		mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
			httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
				"@odata.count": 1,
				"value":        []any{map[string]any{"Id": 9, "DeviceServiceTag": ""}}})))

		d, err := c.Devices.GetByServiceTag(t.Context(), tag)
		if err == nil {
			t.Fatalf("GetByServiceTag(%q) = device %d, want an error", tag, d.ID)
		}

		checkErrText(t, err, nil, []string{"service tag is empty"})
		if n := mt.GetTotalCallCount(); n != 0 {
			t.Errorf("GetByServiceTag(%q) sent %d requests, want none", tag, n)
		}
	}
}

// errSeveral stands for "any error that is not a sentinel".
var errSeveral = errors.New("several")

// checkErr fails unless err matches want: nil, a sentinel, or errSeveral
// for any error.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("error = %v, want none", err)
	case want == errSeveral && err == nil:
		t.Fatalf("error = nil, want one")
	case want != nil && want != errSeveral && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}

func TestGetDevice(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(25114)",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK,
			map[string]any{"Id": 25114, "Type": 1000, "DeviceServiceTag": "7QZ4K2M"})))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/DeviceService/Devices(9)",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusNotFound,
			omeError("CGEN1006", "Unable to complete the request because the resource URI does not exist."))))

	d, err := c.Devices.Get(t.Context(), 25114)
	if err != nil || d.DeviceServiceTag != "7QZ4K2M" || d.Type != TypeServer {
		t.Fatalf("Get = %+v, %v", d, err)
	}

	_, err = c.Devices.Get(t.Context(), 9)
	checkErr(t, err, ErrNotFound)
}

// BenchmarkDevicesAll lists 10,000 devices in pages of 500.
func BenchmarkDevicesAll(b *testing.B) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pagedDevices(seqIDs(1, 10000), 500, nil))
	c, err := NewClient(testBase, WithCredentials(testUser, testPassword), WithBasicAuth(),
		WithHTTPClient(&http.Client{Transport: mt}), WithPageSize(500))
	if err != nil {
		b.Fatal(err)
	}

	for b.Loop() {
		n := 0
		for _, err := range c.Devices.All(b.Context(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}

		if n != 10000 {
			b.Fatalf("listed %d devices", n)
		}
	}
}
