package omesim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// collection is an OData collection body.
type collection struct {
	Context  string `json:"@odata.context"`
	Count    int    `json:"@odata.count"`
	Value    any    `json:"value"`
	NextLink string `json:"@odata.nextLink,omitempty"`
}

// writeCollection writes value as a whole (unpaged) OData collection of
// the named entity type.
func writeCollection[T any](w http.ResponseWriter, entity string, value []T) {
	writeJSON(w, http.StatusOK, collection{
		Context: "/api/$metadata#Collection(" + entity + ")",
		Count:   len(value),
		Value:   value,
	})
}

// pageRequest is a parsed device-collection query.
type pageRequest struct {
	skip, top int
	filter    filterNode
	order     orderKey
	ids       map[int]bool // the non-OData Id=1,2,3 list; nil when absent
}

// parsePage reads $skip, $top, $filter and $orderby.
func (s *Server) parsePage(rawQuery string) (pageRequest, error) {
	q, err := parseQuery(rawQuery)
	if err != nil {
		return pageRequest{}, err
	}

	var p pageRequest
	if p.skip, err = q.nonNegative("$skip", 0); err != nil {
		return p, err
	}

	if p.top, err = q.nonNegative("$top", s.cfg.PageSize); err != nil {
		return p, err
	}

	if f, ok := q["$filter"]; ok {
		if p.filter, err = parseFilter(f); err != nil {
			return p, fmt.Errorf("invalid $filter: %w", err)
		}
	}

	if list, ok := q["Id"]; ok {
		if p.ids, err = parseIDList(list); err != nil {
			return p, err
		}
	}

	if o, ok := q["$orderby"]; ok {
		p.order, err = parseOrderBy(o)
	}

	return p, err
}

// parseIDList reads the comma-separated Id list OME accepts beside OData.
func parseIDList(list string) (map[int]bool, error) {
	ids := map[int]bool{}
	for _, part := range strings.Split(list, ",") {
		id, err := strconv.Atoi(part)
		if err != nil {
			return nil, fmt.Errorf("the Id list must hold comma-separated integers, got %q", list)
		}

		ids[id] = true
	}

	return ids, nil
}

// listHandler serves a device collection; members, when not nil, limits it
// to a group's devices.
func (s *Server) listHandler(members func(*entry) bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ *session) {
		p, err := s.parsePage(r.URL.RawQuery)
		if err != nil {
			writeError(w, badRequest(err.Error()))
			return
		}

		matched := s.match(p, members)
		end := min(p.skip+p.top, len(matched))
		page := make([]map[string]any, 0, max(end-p.skip, 0))
		for i := p.skip; i < end; i++ {
			page = append(page, matched[i].dev.object())
		}

		writeJSON(w, http.StatusOK, collection{
			Context:  "/api/$metadata#Collection(DeviceService.Device)",
			Count:    len(matched),
			Value:    page,
			NextLink: s.nextLink(r.URL.Path, p, len(matched)),
		})
	}
}

// match returns the ordered entries that pass the filter and membership.
func (s *Server) match(p pageRequest, members func(*entry) bool) []*entry {
	all := s.dataset().ordered(p.order)
	if p.filter == nil && members == nil && p.ids == nil {
		return all
	}

	var out []*entry
	for _, e := range all {
		if (members == nil || members(e)) && (p.ids == nil || p.ids[e.num[nID]]) &&
			(p.filter == nil || p.filter.eval(e, "")) {
			out = append(out, e)
		}
	}

	return out
}

// nextLink builds OME's next-page link: skip and top only, never the
// caller's $filter or $orderby.
func (s *Server) nextLink(path string, p pageRequest, count int) string {
	if p.top == 0 || (p.skip+p.top >= count && !s.cfg.NextLinkWithTop) {
		return ""
	}

	return path + "?$skip=" + strconv.Itoa(p.skip+p.top) + "&$top=" + strconv.Itoa(p.top)
}

// handleDevice serves GET /api/DeviceService/Devices(<Id>).
func (s *Server) handleDevice(id int) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ *session) {
		e, ok := s.dataset().byID[id]
		if !ok {
			writeError(w, notFound(fmt.Sprintf("No device with Id %d exists.", id)))
			return
		}

		obj := e.dev.object()
		out := make(map[string]any, len(obj)+1)
		for k, v := range obj {
			out[k] = v
		}

		out["@odata.context"] = "/api/$metadata#DeviceService.Device"
		writeJSON(w, http.StatusOK, out)
	}
}
