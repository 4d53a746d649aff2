package syncer

import (
	"net/http"
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
