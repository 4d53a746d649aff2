package omesim

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// quirkData indexes Quirks() once for the filter tests.
var quirkData = newDataset(Quirks())

// filterIDs returns the sorted Ids of the quirk devices matching src.
func filterIDs(t *testing.T, src string) ([]int, error) {
	t.Helper()
	n, err := parseFilter(src)
	if err != nil {
		return nil, err
	}

	var out []int
	for _, e := range quirkData.entries {
		if n.eval(e, "") {
			out = append(out, e.num[nID])
		}
	}

	slices.Sort(out)

	return out, nil
}

func TestFilterMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		filter string
		want   []int
	}{
		{"Id eq 1001", []int{1001}},
		{"Id eq 1001 or Id eq 2101", []int{1001, 2101}},
		{"Type eq 2000", []int{1301}},
		{"Type eq 4000 or Type eq 8000", []int{1003, 1302, 1303}},
		{"Type ne 1000 and Type ne 4000", []int{1301, 1303, 1304}},
		{"(Type eq 4000 or Type eq 8000) and ChassisServiceTag eq 'TSTCH01'", []int{1302, 1303}},
		{"Type eq 4000 or Type eq 8000 and ChassisServiceTag eq 'TSTCH01'", []int{1003, 1302, 1303}},
		{"not (Type eq 1000)", []int{1003, 1301, 1302, 1303, 1304}},
		{"DeviceServiceTag eq 'TST1209'", []int{1209}},
		{"DeviceServiceTag eq 'tst1701 '", []int{1701}},
		{"DeviceServiceTag eq 'TST1701'", nil},
		{"DeviceServiceTag eq null", []int{1711}},
		{"DeviceServiceTag eq ''", []int{1710}},
		{"Identifier eq 'TST1711'", []int{1711}},
		{"DeviceServiceTag eq 'To Be Filled By O.E.M.'", []int{1714}},
		{"ChassisServiceTag eq null", []int{1003, 1301, 1304, 1710}},
		{"DeviceName eq 'localhost'", []int{1207}},
		{"Model eq 'PowerEdge MX750c'", []int{1209}},
		{"contains(Model,'MX')", []int{1209, 1301, 1302, 1303}},
		{"contains(DeviceName,'.125')", []int{1205}},
		{"PowerState eq 20", []int{1203}},
		{"PowerState gt 21", []int{1206}},
		{"Status eq 2000", []int{1004}},
		{"SystemId eq 2031", []int{1301}},
		{"Id ge 2101 and Id le 2102", []int{2101, 2102}},
		{"Id lt 1002", []int{1001}},
		{"DeviceManagement/any(d:d/NetworkAddress eq '192.0.2.122')", []int{1202}},
		{"DeviceManagement/any(d:d/NetworkAddress eq '[2001:db8::122]')", []int{1202}},
		{"DeviceManagement/any(x:x/NetworkAddress eq '[::]')", []int{1206}},
		{"DeviceManagement/any(d:contains(d/NetworkAddress,'192.0.2.12'))",
			[]int{1201, 1202, 1205, 1207, 1208}},
		{"DeviceManagement/any(d:contains(d/NetworkAddress,'2001:db8')) and Id ne 1203", []int{1202}},
		{"  Id   eq   1001  ", []int{1001}},
	}

	for _, tt := range tests {
		got, err := filterIDs(t, tt.filter)
		if err != nil {
			t.Errorf("%s: %v", tt.filter, err)
			continue
		}

		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.filter, diff)
		}
	}
}

func TestFilterQuoteEscape(t *testing.T) {
	t.Parallel()
	d := Quirks()[0]
	d.Object["DeviceName"] = "o'brien.example.com"
	ds := newDataset([]Device{d})

	tests := []struct {
		filter string
		match  bool
	}{
		{"DeviceName eq 'o''brien.example.com'", true},
		{"contains(DeviceName,'o''b')", true},
		{"DeviceName eq 'obrien.example.com'", false},
		{"DeviceName eq ''''", false},
	}

	for _, tt := range tests {
		n, err := parseFilter(tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.filter, err)
		}

		if got := n.eval(ds.entries[0], ""); got != tt.match {
			t.Errorf("%s: match %v, want %v", tt.filter, got, tt.match)
		}
	}
}

func TestFilterRejects(t *testing.T) {
	t.Parallel()
	bad := []string{
		"",
		"Type+eq+1000",
		"Type eq 1000+",
		"DeviceServiceTag+eq+'TST1001'",
		"Type eq",
		"Type equals 1000",
		"Type eq '1000'",
		"DeviceServiceTag eq 1001",
		"DeviceServiceTag gt 'A'",
		"Type eq null",
		"Colour eq 'red'",
		"NetworkAddress eq '192.0.2.1'",
		"DeviceManagement/any(d:d/MacAddress eq 'x')",
		"DeviceManagement/any(d:e/NetworkAddress eq '192.0.2.1')",
		"Other/any(d:d/NetworkAddress eq '192.0.2.1')",
		"DeviceManagement/any(d d/NetworkAddress eq '1')",
		"contains(Type,'1')",
		"contains(Model,1)",
		"contains(Model 'x')",
		"(Type eq 1000",
		"Type eq 1000)",
		"Type eq 1000 and",
		"Type eq 1000 xor Id eq 1",
		"DeviceName eq 'unterminated",
		"Type eq 10x",
		"Type eq 1000 or",
		"Type EQ 1000",
		"Type eq 1000 AND Id eq 1001",
	}

	for _, src := range bad {
		if _, err := parseFilter(src); err == nil {
			t.Errorf("%q: parsed, want a syntax error", src)
		}
	}
}

func TestParseQueryKeepsPlusLiteral(t *testing.T) {
	t.Parallel()
	got, err := parseQuery("%24filter=Type+eq%201000&$top=5&&flag")
	if err != nil {
		t.Fatal(err)
	}

	want := query{"$filter": "Type+eq 1000", "$top": "5", "flag": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
