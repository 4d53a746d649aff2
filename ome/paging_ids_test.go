package ome

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// TestPagerRepeatedIDs: a device read twice is yielded once, and the
// listing ends with ErrIncompleteListing naming it, since another device
// must have been missed.
func TestPagerRepeatedIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		bodies  []pageBody
		wantIDs []int64
	}{
		{"page 2 starts with the last device of page 1", []pageBody{
			{200, seqIDs(1, 100), "/api/DeviceService/Devices?$skip=100&$top=100"},
			{200, seqIDs(100, 100), ""},
		}, seqIDs(1, 199)},
		{"page 2 repeats one device and the count is met", []pageBody{
			{101, seqIDs(1, 100), "/api/DeviceService/Devices?$skip=100&$top=100"},
			{101, []int64{100}, ""},
		}, seqIDs(1, 100)},
		{"no count", []pageBody{
			{nil, []int64{1, 2}, "/api/DeviceService/Devices?$skip=2&$top=2"},
			{nil, []int64{2, 3}, ""},
		}, []int64{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithBasicAuth())
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pages(tt.bodies...))

			ids, err := collectIDs(c.Devices.All(t.Context(), nil))
			checkErrText(t, err, []error{ErrIncompleteListing},
				[]string{"device " + fmt.Sprint(tt.bodies[1].ids[0]) + " twice", "order by Id"})
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}

			if calls := mt.GetTotalCallCount(); calls != 2 {
				t.Errorf("calls = %d, want 2", calls)
			}
		})
	}
}

// ignoresSkip answers the same devices on every page with a new nextLink.
func ignoresSkip(count any, ids []int64) httpmock.Responder {
	n := 0
	return func(r *http.Request) (*http.Response, error) {
		n++
		b := pageBody{count, ids, fmt.Sprintf("/api/DeviceService/Devices?$skip=%d&$top=100", n*100)}
		return pages(b)(r)
	}
}

// TestPagerStopsWhenSkipIsIgnored: a server that ignores $skip gives a
// page of repeats; the pager stops there instead of looping to the page cap.
func TestPagerStopsWhenSkipIsIgnored(t *testing.T) {
	t.Parallel()
	for _, count := range []any{nil, 500} {
		c, mt, _ := newTestClient(t, WithBasicAuth())
		mt.RegisterResponder(http.MethodGet, testBase+devicesPath, ignoresSkip(count, seqIDs(1, 100)))

		ids, err := collectIDs(c.Devices.All(t.Context(), nil))
		checkErrText(t, err, []error{ErrIncompleteListing}, []string{"no new device", "$skip"})
		if diff := cmp.Diff(seqIDs(1, 100), ids); diff != "" {
			t.Errorf("count %v: ids (-want +got):\n%s", count, diff)
		}

		if calls := mt.GetTotalCallCount(); calls != 2 {
			t.Errorf("count %v: calls = %d, want 2", count, calls)
		}
	}
}

func TestGroupPagerRepeatedIDs(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+groupsPath, pages(
		pageBody{3, []int64{64, 65}, "/api/GroupService/Groups?$skip=2&$top=2"},
		pageBody{3, []int64{65}, ""}))

	var ids []int64
	var err error
	for g, e := range c.Groups.All(t.Context(), nil) {
		if err = e; e == nil {
			ids = append(ids, g.ID)
		}
	}

	checkErrText(t, err, []error{ErrIncompleteListing}, []string{"group 65 twice"})
	if diff := cmp.Diff([]int64{64, 65}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}
