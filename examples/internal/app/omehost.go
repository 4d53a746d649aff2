package app

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// defaultOMEPort is OME's HTTPS port.
const defaultOMEPort = 443

// OMEURL returns https://host:port for the appliance, or OME_HOST as it
// was given when it cannot be read (OMEBaseURL says why).
func (c *Config) OMEURL() string {
	u, err := c.OMEBaseURL()
	if err != nil {
		return SafeURL(c.OMEHost)
	}

	return u
}

// OMEBaseURL reads OMEHost and OMEPort into https://host:port. OMEHost may
// be a host name or address, host:port, [IPv6]:port, or https://host[:port]
// with an optional trailing slash; spaces around it are ignored. A port
// in OMEHost and a different OMEPort, an http:// URL, a path or user
// info are errors that match ErrConfig and say what to give instead; they
// quote OMEHost as SafeURL shows it.
func (c *Config) OMEBaseURL() (string, error) {
	host, port, err := splitOMEHost(strings.TrimSpace(c.OMEHost))
	if err != nil {
		return "", fmt.Errorf("%w: OME_HOST (--ome-host) %q: %w",
			ErrConfig, SafeURL(c.OMEHost), err)
	}

	port, err = pickPort(port, c.OMEPort)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrConfig, err)
	}

	return "https://" + net.JoinHostPort(host, strconv.Itoa(port)), nil
}

// errOMECredentials refuses user info in OME_HOST.
var errOMECredentials = errors.New("credentials do not belong in OME_HOST: put the user in " +
	"OME_USERNAME (--ome-username) and the password in OME_PASSWORD or a file " +
	"(--ome-password-file)")

// splitOMEHost returns the host and the port (0 when none) of s.
func splitOMEHost(s string) (string, int, error) {
	if strings.Contains(s, "@") {
		return "", 0, errOMECredentials
	}

	if strings.Contains(s, "://") {
		return splitOMEURL(s)
	}

	if strings.ContainsAny(s, "/?#@ ") {
		return "", 0, errors.New("give a host name or address, host:port, or https://host:port " +
			"(no path: omesync adds /api itself)")
	}

	if strings.Count(s, ":") > 1 && !strings.HasPrefix(s, "[") {
		return checkHost(s, 0) // a bare IPv6 address
	}

	if !strings.Contains(s, ":") {
		return checkHost(s, 0)
	}

	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, errors.New("give a host name or address, host:port or [IPv6]:port")
	}

	return hostAndPort(host, port, true)
}

// splitOMEURL reads https://host[:port][/].
func splitOMEURL(s string) (string, int, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", 0, errors.New("not a URL; give https://host:port or just the host")
	case strings.EqualFold(u.Scheme, "http"):
		return "", 0, errors.New("OME needs HTTPS: over http:// the password would travel in " +
			"clear text; give https://" + u.Host + " or just the host")
	case !strings.EqualFold(u.Scheme, "https"):
		return "", 0, fmt.Errorf("scheme %q: give https://host:port or just the host", u.Scheme)
	case u.User != nil:
		return "", 0, errOMECredentials
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", 0, errors.New("give only https://host:port, without a path, query or " +
			"fragment (omesync adds /api itself)")
	}

	return hostAndPort(u.Hostname(), u.Port(), hasPort(u))
}

// hasPort reports whether the host of u ends in a ':' and a port, which
// may be empty.
func hasPort(u *url.URL) bool {
	return u.Port() != "" || strings.HasSuffix(u.Host, ":")
}

// hostAndPort checks a host and, when a ':' gave one (colon), its port.
func hostAndPort(host, port string, colon bool) (string, int, error) {
	if !colon {
		return checkHost(host, 0)
	}

	n, err := portNumber(port)
	if err != nil {
		return "", 0, err
	}

	return checkHost(host, n)
}

// portNumber reads a port written after a ':': digits only, from 1 to
// 65535.
func portNumber(s string) (int, error) {
	if s == "" {
		return 0, errors.New("no port after the ':'; give a port from 1 to 65535, " +
			"or leave out the ':'")
	}

	n, ok := ParseWhole(s)
	if !ok || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", s)
	}

	return n, nil
}

func checkHost(host string, port int) (string, int, error) {
	if host == "" {
		return "", 0, errors.New("no host name or address")
	}

	return host, port, nil
}

// pickPort returns the port: the one in OME_HOST, OME_PORT (--ome-port)
// or 443. Two different ports are an error naming both.
func pickPort(inHost, given int) (int, error) {
	switch {
	case inHost != 0 && given != 0 && inHost != given:
		return 0, fmt.Errorf("OME_HOST (--ome-host) gives port %d and OME_PORT (--ome-port) "+
			"gives port %d; give the port once", inHost, given)
	case inHost != 0:
		return inHost, nil
	case given != 0:
		return given, nil
	}

	return defaultOMEPort, nil
}
