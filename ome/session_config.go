package ome

import (
	"context"
	"time"
)

// SessionConfiguration is the session limit and idle timeout of one session
// type ("API", "GUI", ...). Timeouts are in milliseconds; -1 means disabled.
type SessionConfiguration struct {
	// SessionType is the kind of session: "API", "GUI", ...
	SessionType string `json:"SessionType"`
	// MaxSessions is how many sessions of this type a user may hold.
	MaxSessions int `json:"MaxSessions"`
	// SessionTimeout is the idle timeout (ms; -1 disabled), and
	// MinSessionTimeout and MaxSessionTimeout the range it may be set to.
	SessionTimeout    int64 `json:"SessionTimeout"`
	MinSessionTimeout int64 `json:"MinSessionTimeout"`
	MaxSessionTimeout int64 `json:"MaxSessionTimeout"`
	// MinSessionsAllowed and MaxSessionsAllowed bound MaxSessions.
	MinSessionsAllowed int `json:"MinSessionsAllowed"`
	MaxSessionsAllowed int `json:"MaxSessionsAllowed"`
	// MaxSessionsConfigurable and SessionTimeoutConfigurable say whether
	// an administrator may change those settings.
	MaxSessionsConfigurable    bool `json:"MaxSessionsConfigurable"`
	SessionTimeoutConfigurable bool `json:"SessionTimeoutConfigurable"`
}

// IdleTimeout returns SessionTimeout as a duration, 0 when disabled.
func (s SessionConfiguration) IdleTimeout() time.Duration {
	return time.Duration(max(s.SessionTimeout, 0)) * time.Millisecond
}

// SessionConfigurations returns the session limits and idle timeouts, to
// diagnose a session limit (ErrSessionLimit) or tokens that expire mid-run.
//
// GET /api/SessionService/SessionConfiguration
func (c *Client) SessionConfigurations(ctx context.Context) ([]SessionConfiguration, error) {
	if err := c.ready("SessionConfigurations"); err != nil {
		return nil, err
	}

	var p page[SessionConfiguration]
	if err := c.getJSON(ctx, "/api/SessionService/SessionConfiguration", "", &p); err != nil {
		return nil, err
	}
	return p.items(), nil
}
