package syncer

import (
	"context"
	"errors"
	"iter"
	"regexp"
	"testing"

	"github.com/dsmtools/omesync/ome"
	"github.com/google/go-cmp/cmp"
)

func TestFilters(t *testing.T) {
	t.Parallel()
	r650 := &ome.Device{ID: 1, Type: ome.TypeServer, Model: "PowerEdge R650",
		DeviceName: "esx-a01.example.com", DeviceServiceTag: " abc1234"}
	mx := &ome.Device{ID: 2, Type: ome.TypeChassis, Model: "PowerEdge MX7000",
		DeviceName: "mx-chassis", DeviceServiceTag: "CHS0001"}
	tests := []struct {
		name   string
		f      Filter
		d      *ome.Device
		ok     bool
		reason string
	}{
		{"type passes", ByType(ome.TypeServer), r650, true, "type 1000"},
		{"type fails", ByType(ome.TypeServer), mx, false, "type 2000 (chassis) is not synced"},
		{"no types pass all", ByType(), mx, true, "any type"},
		{"model contains ignores case", ModelContains("r650"), r650, true, `model contains "r650"`},
		{"model does not contain", ModelContains("R740"), r650, false, `model does not contain "R740"`},
		{"model regexp", ModelMatches(regexp.MustCompile(`^PowerEdge MX`)), mx, true,
			"model matches /^PowerEdge MX/"},
		{"model regexp fails", ModelMatches(regexp.MustCompile(`^PowerEdge MX`)), r650, false,
			"model does not match /^PowerEdge MX/"},
		{"name regexp", NameMatches(regexp.MustCompile(`^esx-`)), mx, false,
			"device name does not match /^esx-/"},
		{"tags normalized", ServiceTags("ABC1234 ", "xyz9876"), r650, true, "service tag is in the list"},
		{"tag not listed", ServiceTags("XYZ9876"), mx, false, "service tag is not in the list"},
		{"all gives first failure", All(ByType(ome.TypeServer), ModelContains("R740")), r650, false,
			`model does not contain "R740"`},
		{"empty all passes", All(), mx, true, "all filters pass"},
		{"any passes on one", Any(ModelContains("R740"), ModelContains("R650")), r650, true,
			`model contains "R650"`},
		{"any fails with all reasons", Any(ModelContains("R740"), ModelContains("R750")), r650, false,
			`model does not contain "R740" and model does not contain "R750"`},
		{"not inverts", Not(ModelContains("MX")), mx, false, `model contains "MX"`},
		{"not passes", Not(ModelContains("MX")), r650, true, `model does not contain "MX"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, reason := tc.f.Match(tc.d)
			if diff := cmp.Diff([2]any{tc.ok, tc.reason}, [2]any{ok, reason}); diff != "" {
				t.Errorf("Match (-want +got):\n%s", diff)
			}
		})
	}
}

// groupSource is a source with groups and no devices.
type groupSource struct {
	groups map[string][]int64
	err    error
}

func (g groupSource) Devices(context.Context) iter.Seq2[ome.Device, error] {
	return func(func(ome.Device, error) bool) {}
}

func (g groupSource) Inventory(context.Context, *ome.Device) (*ome.Inventory, error) {
	return nil, errors.New("no inventory")
}

func (g groupSource) GroupDeviceIDs(_ context.Context, name string) ([]int64, error) {
	return g.groups[name], g.err
}

func TestInGroup(t *testing.T) {
	t.Parallel()
	f := Not(InGroup("Lab"))
	src := groupSource{groups: map[string][]int64{"Lab": {5, 6}}}
	if err := prepareAll(t.Context(), src, []Filter{All(f)}); err != nil {
		t.Fatalf("prepare: %v", err)
	}

	var kept []int64
	for id := range int64(8) {
		if ok, _ := f.Match(&ome.Device{ID: id}); ok {
			kept = append(kept, id)
		}
	}

	if diff := cmp.Diff([]int64{0, 1, 2, 3, 4, 7}, kept); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}

	_, reason := f.Match(&ome.Device{ID: 5})
	if reason != `device is in group "Lab"` {
		t.Errorf("reason = %q", reason)
	}
}

func TestInGroupNeedsGroupSource(t *testing.T) {
	t.Parallel()
	src := &fakeSource{}
	err := prepareAll(t.Context(), src, []Filter{Any(InGroup("Lab"))})
	if err == nil {
		t.Fatal("prepare with a source without groups: no error")
	}

	failing := groupSource{err: errors.New("boom")}
	if err := prepareAll(t.Context(), failing, []Filter{InGroup("Lab")}); err == nil {
		t.Fatal("prepare with a failing group source: no error")
	}
}
