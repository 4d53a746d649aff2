package omesim

import (
	"fmt"
	"net/http"
	"strconv"
)

// group is a device group derived from the dataset.
type group struct {
	id      int
	name    string
	desc    string
	typeID  int // 1000 static system group, 3000 custom static group
	members func(*entry) bool
}

// makeGroups returns the fixed groups: Servers (1010, Type 1000), Chassis
// (1011, Type 2000) and Rack A (10001, servers with an odd Id).
func makeGroups() []group {
	return []group{
		{1010, "Servers", "Server devices", 1000, typeIs(1000)},
		{1011, "Chassis", "Chassis devices", 1000, typeIs(2000)},
		{10001, "Rack A", "Servers with an odd Id (simulated custom group)", 3000,
			func(e *entry) bool { return e.num[nType] == 1000 && e.num[nID]%2 == 1 }},
	}
}

// typeIs matches devices of one Type.
func typeIs(t int) func(*entry) bool {
	return func(e *entry) bool { return e.num[nType] == t }
}

// groupJSON renders a group.
func groupJSON(g group, count int) map[string]any {
	path := fmt.Sprintf("/api/GroupService/Groups(%d)", g.id)

	return map[string]any{
		"@odata.type":                  "#GroupService.Group",
		"@odata.id":                    path,
		"Id":                           g.id,
		"Name":                         g.name,
		"Description":                  g.desc,
		"GlobalStatus":                 1000,
		"ParentId":                     0,
		"CreationTime":                 "2024-01-15 08:00:00.000",
		"UpdatedTime":                  "2024-01-15 08:00:00.000",
		"CreatedBy":                    "system",
		"UpdatedBy":                    "",
		"Visible":                      true,
		"DefinitionId":                 0,
		"DefinitionDescription":        nil,
		"TypeId":                       g.typeID,
		"MembershipTypeId":             12,
		"HasAttributes":                false,
		"IsAccessAllowed":              true,
		"DeviceCount":                  count,
		"Devices@odata.navigationLink": path + "/Devices",
	}
}

// groupRoute routes /api/GroupService/...
func (s *Server) groupRoute(method string, segs []segment) route {
	first := segs[0]
	if first == (segment{name: "Groups"}) && len(segs) == 1 {
		return getOnly(method, route{kind: kindOther, auth: true, handle: s.handleGroups})
	}

	if first.name != "Groups" || !first.hasKey || len(segs) > 2 {
		return route{kind: kindOther, handle: answer(errNoSuchURI)}
	}

	g, ok := s.findGroup(first.key)
	if !ok {
		return route{kind: kindOther, auth: true,
			handle: answer(notFound("No group with Id " + first.key + " exists."))}
	}

	if len(segs) == 1 {
		return getOnly(method, route{kind: kindOther, auth: true, handle: s.handleGroup(g)})
	}

	if segs[1] != (segment{name: "Devices"}) {
		return route{kind: kindOther, handle: answer(errNoSuchURI)}
	}

	return getOnly(method, route{kind: kindDevices, auth: true, handle: s.listHandler(g.members)})
}

// findGroup looks a group up by its key text.
func (s *Server) findGroup(key string) (group, bool) {
	id, err := strconv.Atoi(key)
	for _, g := range s.groups {
		if err == nil && g.id == id {
			return g, true
		}
	}

	return group{}, false
}

// count returns the number of devices in g.
func (s *Server) count(g group) int {
	n := 0
	for _, e := range s.dataset().entries {
		if g.members(e) {
			n++
		}
	}

	return n
}

// handleGroups serves GET /api/GroupService/Groups.
func (s *Server) handleGroups(w http.ResponseWriter, _ *http.Request, _ *session) {
	value := make([]map[string]any, len(s.groups))
	for i, g := range s.groups {
		value[i] = groupJSON(g, s.count(g))
	}

	writeCollection(w, "GroupService.Group", value)
}

// handleGroup serves GET /api/GroupService/Groups(<Id>).
func (s *Server) handleGroup(g group) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ *session) {
		out := groupJSON(g, s.count(g))
		out["@odata.context"] = "/api/$metadata#GroupService.Group"
		writeJSON(w, http.StatusOK, out)
	}
}
