package syncer

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// TestOMESourceGroupPassesOverUnreadableEntries finds a group past a group
// entry that does not decode, and counts a member that does not decode by
// its Id when that can be read.
func TestOMESourceGroupPassesOverUnreadableEntries(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://ome.test/api/GroupService/Groups",
		jsonResponder(`{"@odata.count": 2, "value": [{"Id": "x", "Name": "Lab"},
			{"Id": 25, "Name": "Lab"}]}`))
	mock.RegisterResponder(http.MethodGet, "https://ome.test/api/GroupService/Groups(25)/Devices",
		jsonResponder(`{"@odata.count": 4, "value": [{"Id": 1001, "Type": 1000},
			{"Id": 1002, "DeviceServiceTag": 7}, {"Id": "abc"}, {"Id": 1004}]}`))
	c, err := ome.NewClient("https://ome.test", ome.WithCredentials("reader", "not-a-secret"),
		ome.WithBasicAuth(), ome.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		t.Fatal(err)
	}

	ids, err := OMESource(c).(GroupSource).GroupDeviceIDs(t.Context(), "lab")
	if err != nil {
		t.Fatalf("GroupDeviceIDs: %v", err)
	}

	if diff := cmp.Diff([]int64{1001, 1002, 1004}, ids); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}

	if n := mock.GetTotalCallCount(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestOMESourceOrdersByIDUnlessTold lists in Id order by default and when
// WithListOptions sets only a filter, so that pages hold still and the
// lower id of two with one tag is kept; an order the caller sets is kept.
// A nil option is ignored.
func TestOMESourceOrdersByIDUnlessTold(t *testing.T) {
	t.Parallel()
	byID := url.Values{"$orderby": {"Id"}, "$skip": {"0"}, "$top": {"100"}}
	tests := []struct {
		name string
		opts []OMEOption
		want url.Values
	}{
		{"default", nil, byID},
		{"nil option", []OMEOption{nil}, byID},
		{"filter only",
			[]OMEOption{WithListOptions(ome.ListOptions{Filter: ome.Eq("Type", 1000)})},
			url.Values{"$filter": {"Type eq 1000"}, "$orderby": {"Id"}, "$skip": {"0"},
				"$top": {"100"}}},
		{"order set", []OMEOption{nil, WithListOptions(ome.ListOptions{Top: 10,
			OrderBy: "DeviceName desc"})},
			url.Values{"$orderby": {"DeviceName desc"}, "$skip": {"0"}, "$top": {"10"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got url.Values
			mock := httpmock.NewMockTransport()
			mock.RegisterResponder(http.MethodGet, "https://ome.test/api/DeviceService/Devices",
				func(req *http.Request) (*http.Response, error) {
					got = req.URL.Query()
					return jsonResponder(`{"@odata.count": 0, "value": []}`)(req)
				})
			c, err := ome.NewClient("https://ome.test",
				ome.WithCredentials("reader", "not-a-secret"),
				ome.WithBasicAuth(), ome.WithHTTPClient(&http.Client{Transport: mock}))
			if err != nil {
				t.Fatal(err)
			}

			for _, err := range OMESource(c, tc.opts...).Devices(t.Context()) {
				t.Fatalf("Devices: %v", err)
			}

			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("listing query (-want +got):\n%s", diff)
			}
		})
	}
}
