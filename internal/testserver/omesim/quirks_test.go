package omesim

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docTables reads the two quirk tables of doc.go, keyed by Id.
func docTables(t *testing.T) (identity, inventory map[string][]string) {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}

	identity, inventory = map[string][]string{}, map[string][]string{}
	var table map[string][]string
	for _, line := range strings.Split(string(src), "\n") {
		row := strings.TrimPrefix(line, "//\t")
		switch {
		case strings.HasPrefix(row, "Id    Type"):
			table = identity
		case strings.HasPrefix(row, "Id    CPUs"):
			table = inventory
		case row == line:
			table = nil
		case table != nil:
			cells := splitCells(t, row)
			table[cells[0]] = cells[1:]
		}
	}

	return identity, inventory
}

// splitCells splits a table row on spaces, keeping Go-quoted cells whole.
func splitCells(t *testing.T, row string) []string {
	t.Helper()
	var cells []string
	for row = strings.TrimSpace(row); row != ""; row = strings.TrimSpace(row) {
		if row[0] == '"' {
			q, err := strconv.QuotedPrefix(row)
			if err != nil {
				t.Fatalf("bad quoted cell in %q: %v", row, err)
			}

			cells = append(cells, q)
			row = row[len(q):]

			continue
		}

		cell, rest, _ := strings.Cut(row, " ")
		cells = append(cells, cell)
		row = rest
	}

	return cells
}

// identityCells renders a quirk device the way the first table shows it.
func identityCells(d Device) []string {
	tag := "null"
	if s, ok := d.Object["DeviceServiceTag"].(string); ok {
		tag = strconv.Quote(s)
	}

	addrs := mgmtAddresses(d.Object)
	addrCell := "-"
	if len(addrs) > 0 {
		addrCell = strings.Join(addrs, ",")
	}

	return []string{fmt.Sprint(d.Object["Type"]), tag, d.Object["DeviceName"].(string),
		fmt.Sprint(d.Object["PowerState"]), addrCell}
}

// inventoryCells renders a quirk server the way the second table shows it.
func inventoryCells(d Device) []string {
	agents := agentVersions(d.Object)
	if d.InventoryFails {
		return []string{"fails", "fails", "fails", "fails", agents}
	}

	return []string{cpuCell(d.Inventory), memoryCell(d.Inventory),
		installed(d.Inventory, "BIOS.Setup.1-1"), installed(d.Inventory, "iDRAC.Embedded.1-1"), agents}
}

func cpuCell(inv map[string][]map[string]any) string {
	rows, ok := inv["serverProcessors"]
	if !ok {
		return "-"
	}

	return strconv.Itoa(len(rows))
}

func memoryCell(inv map[string][]map[string]any) string {
	rows, ok := inv["serverMemoryDevices"]
	switch {
	case !ok:
		return "-"
	case len(rows) == 0:
		return "[]"
	}

	sizes := make([]string, len(rows))
	for i, r := range rows {
		sizes[i] = fmt.Sprint(r["Size"])
	}

	return strings.Join(sizes, ",")
}

// installed returns the version of the installed software row naming fqdd.
func installed(inv map[string][]map[string]any, fqdd string) string {
	for _, r := range inv["deviceSoftware"] {
		id := r["InstanceId"].(string)
		if strings.HasPrefix(id, "DCIM:INSTALLED#") && strings.Contains(id, fqdd) {
			return r["Version"].(string)
		}
	}

	return "-"
}

// agentVersions lists the iDRAC profile versions of DeviceManagement.
func agentVersions(obj map[string]any) string {
	var out []string
	for _, m := range obj["DeviceManagement"].([]map[string]any) {
		for _, p := range m["ManagementProfile"].([]map[string]any) {
			out = append(out, p["Version"].(string))
		}
	}

	if len(out) == 0 {
		return "-"
	}

	return strings.Join(out, ",")
}

func TestQuirksMatchTheDocTables(t *testing.T) {
	t.Parallel()
	identity, inventory := docTables(t)
	var docIDs, quirkIDs []string
	for id := range identity {
		docIDs = append(docIDs, id)
	}

	for _, d := range Quirks() {
		id := strconv.Itoa(d.ID())
		quirkIDs = append(quirkIDs, id)
		if diff := cmp.Diff(identity[id], identityCells(d)); diff != "" {
			t.Errorf("device %s, first table (-doc +Quirks):\n%s", id, diff)
		}

		if d.Object["Type"] != 1000 {
			continue
		}

		want, ok := inventory[id]
		if !ok {
			want = inventory["1001"]
		}

		if diff := cmp.Diff(want, inventoryCells(d)); diff != "" {
			t.Errorf("device %s, inventory table (-doc +Quirks):\n%s", id, diff)
		}
	}

	slices.Sort(docIDs)
	slices.Sort(quirkIDs)
	if diff := cmp.Diff(docIDs, quirkIDs); diff != "" || len(inventory) < 10 {
		t.Errorf("Ids (-doc +Quirks):\n%s (inventory rows %d)", diff, len(inventory))
	}
}

func TestQuirkNotes(t *testing.T) {
	t.Parallel()
	byID := map[int]map[string]any{}
	for _, d := range Quirks() {
		byID[d.ID()] = d.Object
	}

	mgmt := func(id int, key string) any {
		return byID[id]["DeviceManagement"].([]map[string]any)[0][key]
	}

	checks := []struct {
		name      string
		got, want any
	}{
		{"1004 ConnectionState", byID[1004]["ConnectionState"], false},
		{"1004 Status", byID[1004]["Status"], 2000},
		{"1004 LastInventoryTime", byID[1004]["LastInventoryTime"], nil},
		{"1004 LastStatusTime", byID[1004]["LastStatusTime"], nil},
		{"1204 ConnectionState", byID[1204]["ConnectionState"], false},
		{"1205 InstrumentationName", mgmt(1205, "InstrumentationName"), ""},
		{"1205 DnsName", mgmt(1205, "DnsName"), ""},
		{"1206 InstrumentationName", mgmt(1206, "InstrumentationName"), "esx1206.example.com"},
		{"1207 InstrumentationName", mgmt(1207, "InstrumentationName"), "esx1207.example.com"},
		{"1201 DnsName", mgmt(1201, "DnsName"), "idrac-tst1201"},
		{"1209 Model", byID[1209]["Model"], "PowerEdge MX750c"},
		{"1209 ChassisServiceTag", byID[1209]["ChassisServiceTag"], "TSTCH01"},
		{"1209 ChassisIp", byID[1209]["ChassisIp"], "198.51.100.31"},
		{"1711 Identifier", byID[1711]["Identifier"], "TST1711"},
		{"1711 ChassisServiceTag", byID[1711]["ChassisServiceTag"], "TST1711"},
		{"1301 ChassisServiceTag", byID[1301]["ChassisServiceTag"], nil},
		{"1302 ChassisServiceTag", byID[1302]["ChassisServiceTag"], "TSTCH01"},
		{"1304 Identifier", byID[1304]["Identifier"], "SIMSN1304ME5024"},
		{"1211 DeviceCapabilities", fmt.Sprint(byID[1211]["DeviceCapabilities"]),
			"[map[CapabilityType:map[Name:BIOS] Version:2.10.0] " +
				"map[CapabilityType:map[Name:iDRAC] Version:4.40.00.00]]"},
		{"1001 ConnectionState", byID[1001]["ConnectionState"], true},
	}

	for _, c := range checks {
		if !cmp.Equal(c.want, c.got) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestQuirksAreStable(t *testing.T) {
	t.Parallel()
	if diff := cmp.Diff(Quirks(), Quirks(), cmp.AllowUnexported(Device{})); diff != "" {
		t.Errorf("two calls differ (-first +second):\n%s", diff)
	}
}
