package app

import (
	"fmt"
	"strconv"
	"strings"
)

// Environment variables read by both programs.
const (
	EnvOMEHost      = "OME_HOST"
	EnvOMEPort      = "OME_PORT"
	EnvOMEUsername  = "OME_USERNAME"
	EnvOMEPassword  = "OME_PASSWORD"
	EnvOMEVerifySSL = "OME_VERIFY_SSL"
	EnvCACert       = "OME_CA_CERT"
	EnvDSMURL       = "DSM_URL"
	EnvDSMToken     = "DSM_JWT_TOKEN"
	EnvDSMAPIKey    = "DSM_API_KEY"
	EnvDSMEmail     = "DSM_EMAIL"
	EnvDSMPassword  = "DSM_PASSWORD"
)

// EnvDSMRefreshFile names the refresh token file. Only the CLI reads it:
// the Lambda keeps no file between runs, so FromEnv leaves it alone.
const EnvDSMRefreshFile = "DSM_REFRESH_TOKEN_FILE"

// FromEnv reads the configuration from the environment through getenv.
// Unset variables keep their defaults: verification on, and port 0 (the
// one in OME_HOST, else 443). The user names, passwords and the API key
// lose a trailing CR or LF, which an env file saved with Windows line
// endings leaves there; spaces are kept, since a password may end in one.
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		OMEHost:     getenv(EnvOMEHost),
		OMEUsername: trimEOL(getenv(EnvOMEUsername)),
		OMEPassword: trimEOL(getenv(EnvOMEPassword)),
		CACertFile:  getenv(EnvCACert),
		DSMURL:      getenv(EnvDSMURL),
		DSMToken:    strings.TrimSpace(getenv(EnvDSMToken)),
		DSMAPIKey:   trimEOL(getenv(EnvDSMAPIKey)),
		DSMEmail:    trimEOL(getenv(EnvDSMEmail)),
		DSMPassword: trimEOL(getenv(EnvDSMPassword)),
	}

	port, err := envPort(getenv, EnvOMEPort)
	if err != nil {
		return cfg, err
	}

	cfg.OMEPort = port
	cfg.OMEVerifySSL, err = envBool(getenv, EnvOMEVerifySSL, true)

	return cfg, err
}

// trimEOL removes the CRs and LFs at the end of s.
func trimEOL(s string) string { return strings.TrimRight(s, "\r\n") }

// envPort reads a port, 0 when unset; anything but digits from 1 to
// 65535 is an error that gives the range.
func envPort(getenv func(string) string, name string) (int, error) {
	s := strings.TrimSpace(getenv(name))
	if s == "" {
		return 0, nil
	}

	n, ok := ParseWhole(s)
	if !ok || n < 1 || n > 65535 {
		return 0, fmt.Errorf("%w: %s=%q: want a whole number from 1 to 65535", ErrConfig, name, s)
	}

	return n, nil
}

// ParseWhole reads a whole number written in digits only: no sign, no
// spaces, at most 9 digits (so that it cannot overflow).
func ParseWhole(s string) (int, bool) {
	if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}

	n, err := strconv.Atoi(s)

	return n, err == nil
}

func envBool(getenv func(string) string, name string, def bool) (bool, error) {
	s := strings.TrimSpace(getenv(name))
	if s == "" {
		return def, nil
	}

	b, err := ParseBool(s)
	if err != nil {
		return def, fmt.Errorf("%w: %s=%q: %w", ErrConfig, name, s, err)
	}

	return b, nil
}

// ParseBool reads true/false, yes/no, on/off and 1/0 in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "yes", "y", "on":
		return true, nil
	case "0", "f", "false", "no", "n", "off":
		return false, nil
	}

	return false, fmt.Errorf("%q is not true or false", s)
}
