package omesim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// loginRequest is the body of POST /api/SessionService/Sessions.
type loginRequest struct {
	UserName    string
	Password    string
	SessionType string
}

// handleLogin serves POST /api/SessionService/Sessions.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request, _ *session) {
	var req loginRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil || json.Unmarshal(body, &req) != nil {
		writeError(w, badRequest("The request body is not valid JSON."))
		return
	}

	if req.SessionType != "API" && req.SessionType != "GUI" {
		writeError(w, badRequest("SessionType must be API or GUI."))
		return
	}

	if want, ok := s.cfg.Users[req.UserName]; !ok || want != req.Password {
		writeError(w, errUnauthenticated)
		return
	}

	sess, err := s.sessions.create(req.UserName, clientIP(r))
	if errors.Is(err, errSessionLimit) {
		writeError(w, apiError{s.cfg.SessionLimitStatus, msgSessionLimit,
			"Unable to create a new session because the maximum number of sessions " +
				"for this user has been reached (simulated).",
			"Log off one of the sessions of this user and retry the operation."})

		return
	}

	w.Header().Set("X-Auth-Token", sess.token)
	w.Header().Set("Location", sessionPath(sess.id))
	writeJSON(w, http.StatusCreated, sessionJSON(sess, "#SessionService.Session"))
}

// sessionPath is the @odata.id of a session.
func sessionPath(id string) string {
	return "/api/SessionService/Sessions('" + id + "')"
}

// sessionJSON renders a session the way OME does; context names the
// @odata.context entity.
func sessionJSON(s session, context string) map[string]any {
	return map[string]any{
		"@odata.context":        "/api/$metadata" + context,
		"@odata.type":           "#SessionService.Session",
		"@odata.id":             sessionPath(s.id),
		"Id":                    s.id,
		"Description":           s.user,
		"Name":                  "API",
		"UserName":              s.user,
		"UserId":                10000 + len(s.user),
		"Password":              nil,
		"Roles":                 []string{"ADMINISTRATOR"},
		"IpAddress":             s.ip,
		"StartTimeStamp":        formatTime(s.start),
		"LastAccessedTimeStamp": formatTime(s.last),
		"DirectoryGroup":        []any{},
	}
}

// handleListSessions serves GET /api/SessionService/Sessions.
func (s *Server) handleListSessions(w http.ResponseWriter, _ *http.Request, _ *session) {
	list := s.sessions.list()
	value := make([]map[string]any, len(list))
	for i, sess := range list {
		value[i] = sessionJSON(sess, "#SessionService.Session")
		delete(value[i], "@odata.context")
	}

	writeCollection(w, "SessionService.Session", value)
}

// deleteSession serves DELETE /api/SessionService/Sessions('<Id>').
func (s *Server) deleteSession(key string) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ *session) {
		id := unquote(key)
		if id == key {
			writeError(w, badRequest("The session key must be quoted, as in Sessions('<Id>')."))
			return
		}

		if !s.sessions.remove(id) {
			writeError(w, notFound("No session with the given Id exists."))
			return
		}

		w.WriteHeader(http.StatusNoContent)
	}
}

// handleLogoff serves POST /api/SessionService/Actions/SessionService.Logoff.
func (s *Server) handleLogoff(w http.ResponseWriter, _ *http.Request, sess *session) {
	if sess == nil {
		writeError(w, badRequest("Logoff needs an X-Auth-Token session, not Basic credentials."))
		return
	}

	s.sessions.remove(sess.id)
	w.WriteHeader(http.StatusNoContent)
}

// handleSessionConfig serves GET /api/SessionService/SessionConfiguration.
func (s *Server) handleSessionConfig(w http.ResponseWriter, _ *http.Request, _ *session) {
	row := func(typ string, maxS, timeout, minT, maxT, minA, maxA int, cfgMax bool) map[string]any {
		return map[string]any{
			"@odata.type": "#SessionService.SessionConfiguration", "SessionType": typ,
			"MaxSessions": maxS, "SessionTimeout": timeout, "MinSessionTimeout": minT,
			"MaxSessionTimeout": maxT, "MinSessionsAllowed": minA, "MaxSessionsAllowed": maxA,
			"MaxSessionsConfigurable": cfgMax, "SessionTimeoutConfigurable": true,
		}
	}

	value := []map[string]any{
		row("GUI", 6, 1800000, 60000, 7200000, 1, 6, true),
		row("API", s.cfg.SessionCap, int(s.cfg.IdleTimeout.Milliseconds()), 60000, 86400000, 1, 100, true),
		row("UniversalTimeout", 0, -1, -1, 86400000, 0, 0, false),
	}
	writeCollection(w, "SessionService.SessionConfiguration", value)
}
