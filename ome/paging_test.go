package ome

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// pageBody is one page answer.
type pageBody struct {
	count any
	ids   []int64
	next  string
}

// pages answers the bodies in order, repeating the last.
func pages(bodies ...pageBody) httpmock.Responder {
	n := 0
	return func(*http.Request) (*http.Response, error) {
		b := bodies[min(n, len(bodies)-1)]
		n++
		value := []map[string]any{}
		for _, id := range b.ids {
			value = append(value, map[string]any{"Id": id})
		}

		body := map[string]any{"value": value}
		if b.count != nil {
			body["@odata.count"] = b.count
		}

		if b.next != "" {
			body["@odata.nextLink"] = b.next
		}
		return jsonResponse(http.StatusOK, body), nil
	}
}

func TestPagerStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		opts      []Option
		bodies    []pageBody
		wantIDs   []int64
		wantCalls int
		wantErr   error
	}{
		{"B03 everything in one page with a nextLink", nil, []pageBody{
			{3, []int64{301, 302, 303}, "/api/DeviceService/Devices?$skip=1000&$top=1000"},
		}, []int64{301, 302, 303}, 1, nil},
		{"empty page ends a short listing", nil, []pageBody{
			{5, []int64{1, 2}, "/api/DeviceService/Devices?$skip=2&$top=2"}, {5, nil, ""},
		}, []int64{1, 2}, 2, ErrIncompleteListing},
		{"repeated nextLink", nil, []pageBody{
			{9, []int64{1, 2}, "/api/DeviceService/Devices?$skip=2&$top=2"},
			{9, []int64{3, 4}, "/api/DeviceService/Devices?$skip=2&$top=2"},
		}, []int64{1, 2, 3, 4}, 2, ErrIncompleteListing},
		{"page cap", []Option{WithMaxPages(3)}, []pageBody{
			{100, []int64{1}, "/api/DeviceService/Devices?$skip=1&$top=1"},
			{100, []int64{2}, "/api/DeviceService/Devices?$skip=2&$top=1"},
			{100, []int64{3}, "/api/DeviceService/Devices?$skip=3&$top=1"},
		}, []int64{1, 2, 3}, 3, ErrIncompleteListing},
		{"more items than the count", nil, []pageBody{{2, []int64{1, 2, 3}, ""}},
			[]int64{1, 2, 3}, 1, ErrIncompleteListing},
		{"no count follows nextLink", nil, []pageBody{
			{nil, []int64{1}, "/api/DeviceService/Devices?$skip=1&$top=100"},
			{nil, []int64{2}, ""},
		}, []int64{1, 2}, 2, nil},
		{"missing nextLink is only a hint", nil, []pageBody{
			{3, []int64{1, 2}, ""}, {3, []int64{3}, ""},
		}, []int64{1, 2, 3}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, append([]Option{WithBasicAuth()}, tt.opts...)...)
			mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pages(tt.bodies...))

			ids, err := collectIDs(c.Devices.All(t.Context(), nil))
			checkErr(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}

			if calls := mt.GetTotalCallCount(); calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
		})
	}
}

func TestPagerErrors(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath,
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{"@odata.count": 4})))

	_, err := collectIDs(c.Devices.All(t.Context(), nil))
	if err == nil || !strings.Contains(err.Error(), "no value array") {
		t.Fatalf("error = %v, want a missing value array error", err)
	}

	_, err = c.Devices.List(t.Context(), &ListOptions{Filter: Eq("bad field", 1)})
	if err == nil || mt.GetTotalCallCount() != 1 {
		t.Fatalf("bad filter: error = %v after %d calls; want an error before sending",
			err, mt.GetTotalCallCount())
	}
}

func TestPagerStopsWhenCallerBreaks(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth(), WithPageSize(2))
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pagedDevices(seqIDs(1, 10), 2, nil))

	for d, err := range c.Devices.All(t.Context(), nil) {
		if err != nil || d.ID == 3 {
			break
		}
	}

	if calls := mt.GetTotalCallCount(); calls != 2 {
		t.Errorf("calls = %d, want 2", calls)
	}
}

func TestListReportsPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pagedDevices(seqIDs(1, 5), 2, nil))

	p, err := c.Devices.List(t.Context(), &ListOptions{Top: 2, Skip: 2})
	if err != nil {
		t.Fatalf("List: %v", err)
	}

	got := []any{p.Count, p.NextLink, len(p.Devices), p.Devices[0].ID}
	want := []any{5, "/api/DeviceService/Devices?$skip=4&$top=2", 2, int64(3)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSkipStartsTheCount(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth(), WithPageSize(2))
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, pagedDevices(seqIDs(1, 5), 2, nil))

	ids, err := collectIDs(c.Devices.All(t.Context(), &ListOptions{Skip: 3}))
	if err != nil || !cmp.Equal([]int64{4, 5}, ids) {
		t.Fatalf("All from skip 3 = %v, %v", ids, err)
	}
}

func TestGroups(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth(), WithPageSize(2))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/GroupService/Groups",
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{
			"@odata.count": 1, "value": []any{map[string]any{"Id": 64, "Name": "Servers", "TypeId": 2000}}})))
	var skips []string
	mt.RegisterResponder(http.MethodGet, testBase+"/api/GroupService/Groups(64)/Devices",
		pagedDevices(seqIDs(1, 3), 50, func(r *http.Request) {
			skips = append(skips, r.URL.Query().Get("$skip"))
		}))

	var groups []Group
	for g, err := range c.Groups.All(t.Context(), nil) {
		if err != nil {
			t.Fatalf("Groups.All: %v", err)
		}
		groups = append(groups, g)
	}

	if diff := cmp.Diff([]Group{{ID: 64, Name: "Servers", TypeID: 2000}}, groups); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}

	ids, err := collectIDs(c.Groups.Devices(t.Context(), 64, nil))
	if err != nil || !cmp.Equal(seqIDs(1, 3), ids) || !cmp.Equal([]string{"0", "2"}, skips) {
		t.Errorf("group devices = %v, %v with skips %v", ids, err, skips)
	}
}
