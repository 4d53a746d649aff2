package omesim

import (
	"net/http"
	"strconv"
	"strings"
)

// kind groups requests for counting and fault injection.
type kind int

const (
	kindLogin kind = iota
	kindLogout
	kindDevices
	kindDevice
	kindInventory
	kindOther
	numKinds
)

// kindNames are the public names of the kinds, indexed by kind.
var kindNames = [numKinds]string{"login", "logout", "devices", "device", "inventory", "other"}

// handlerFunc serves a routed request; sess is nil on unauthenticated routes.
type handlerFunc func(w http.ResponseWriter, r *http.Request, sess *session)

// route is what the router decided for a request.
type route struct {
	kind   kind
	auth   bool
	handle handlerFunc
}

// segment is one path segment split into a name and an OData key.
type segment struct {
	name   string
	key    string
	hasKey bool
}

// splitPath splits an /api path into segments; Devices(5) has key "5".
func splitPath(p string) []segment {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	segs := make([]segment, len(parts))
	for i, part := range parts {
		open := strings.IndexByte(part, '(')
		if open < 0 || !strings.HasSuffix(part, ")") {
			segs[i] = segment{name: part}
			continue
		}

		segs[i] = segment{name: part[:open], key: part[open+1 : len(part)-1], hasKey: true}
	}

	return segs
}

// route maps a request to its kind and handler.
func (s *Server) route(r *http.Request) route {
	segs := splitPath(r.URL.Path)
	if len(segs) < 3 || segs[0].name != "api" || segs[0].hasKey {
		return route{kind: kindOther, handle: answer(errNoSuchURI)}
	}

	svc := segs[1].name
	switch {
	case svc == "SessionService":
		return s.sessionRoute(r.Method, segs[2:])
	case svc == "DeviceService":
		return s.deviceRoute(r.Method, segs[2:])
	case svc == "GroupService":
		return s.groupRoute(r.Method, segs[2:])
	case svc == "ApplicationService" && len(segs) == 3 && segs[2] == segment{name: "Info"}:
		return getOnly(r.Method, route{kind: kindOther, auth: true, handle: s.handleInfo})
	}

	return route{kind: kindOther, handle: answer(errNoSuchURI)}
}

// sessionRoute routes /api/SessionService/...
func (s *Server) sessionRoute(method string, segs []segment) route {
	first := segs[0]
	switch {
	case len(segs) == 1 && first == segment{name: "Sessions"} && method == http.MethodPost:
		return route{kind: kindLogin, handle: s.handleLogin}
	case len(segs) == 1 && first == segment{name: "Sessions"}:
		return getOnly(method, route{kind: kindOther, auth: true, handle: s.handleListSessions})
	case len(segs) == 1 && first.name == "Sessions" && first.hasKey && method == http.MethodDelete:
		return route{kind: kindLogout, auth: true, handle: s.deleteSession(first.key)}
	case len(segs) == 1 && first == segment{name: "SessionConfiguration"}:
		return getOnly(method, route{kind: kindOther, auth: true, handle: s.handleSessionConfig})
	case len(segs) == 2 && first.name == "Actions" && segs[1].name == "SessionService.Logoff":
		if method != http.MethodPost {
			return route{kind: kindOther, handle: answer(methodNotAllowed())}
		}

		return route{kind: kindLogout, auth: true, handle: s.handleLogoff}
	}

	return route{kind: kindOther, handle: answer(errNoSuchURI)}
}

// deviceRoute routes /api/DeviceService/...
func (s *Server) deviceRoute(method string, segs []segment) route {
	first := segs[0]
	if first == (segment{name: "DeviceType"}) && len(segs) == 1 {
		return getOnly(method, route{kind: kindOther, auth: true, handle: handleDeviceTypes})
	}

	if first.name != "Devices" || len(segs) > 2 {
		return route{kind: kindOther, handle: answer(errNoSuchURI)}
	}

	if !first.hasKey && len(segs) == 1 {
		return getOnly(method, route{kind: kindDevices, auth: true, handle: s.listHandler(nil)})
	}

	id, err := strconv.Atoi(first.key)
	if !first.hasKey || err != nil {
		return route{kind: kindOther, auth: true,
			handle: answer(badRequest("The device key must be an integer, as in Devices(12345)."))}
	}

	if len(segs) == 1 {
		return getOnly(method, route{kind: kindDevice, auth: true, handle: s.handleDevice(id)})
	}

	if segs[1].name != "InventoryDetails" {
		return route{kind: kindOther, handle: answer(errNoSuchURI)}
	}

	h := s.handleInventory(id, unquote(segs[1].key), segs[1].hasKey)

	return getOnly(method, route{kind: kindInventory, auth: true, handle: h})
}

// getOnly answers 405 for methods other than GET on a read-only route.
func getOnly(method string, rt route) route {
	if method != http.MethodGet {
		rt.handle = answer(methodNotAllowed())
	}

	return rt
}

// methodNotAllowed is the answer for a wrong method on a known path.
func methodNotAllowed() apiError {
	return apiError{http.StatusMethodNotAllowed, msgBadURI,
		"The requested method is not supported on this URI.", "Use a supported method."}
}

// answer returns a handler that always writes e.
func answer(e apiError) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ *session) { writeError(w, e) }
}

// unquote strips the single quotes of an OData string key.
func unquote(key string) string {
	if len(key) >= 2 && key[0] == '\'' && key[len(key)-1] == '\'' {
		return key[1 : len(key)-1]
	}

	return key
}
