package app

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"strings"

	"github.com/dsmtools/omesync/dsm"
)

// CheckDSMURL checks DSM_URL as the DSM client will read it, and requires
// https unless the host is this machine (a local test server): over
// http:// the access token would travel in clear text. The client refuses
// such a URL too; this check words it for the programs' users.
func CheckDSMURL(raw string) error {
	if _, err := dsm.NewClient(raw, dsm.WithInsecureHTTP()); err != nil {
		return err
	}

	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return err
	}

	if strings.EqualFold(u.Scheme, "http") && !isLoopback(u.Hostname()) {
		return errors.New("DSM needs HTTPS: over http:// the access token would travel in clear text; " +
			"give https://" + u.Host + " (http is accepted only for localhost)")
	}

	return nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}

	ip := net.ParseIP(host)

	return ip != nil && ip.IsLoopback()
}

// dsmProjectURL returns the project's base URL: DSM_URL without a trailing
// slash or the function's path, which the DSM client also leaves out.
func dsmProjectURL(raw string) (*url.URL, error) {
	if err := CheckDSMURL(raw); err != nil {
		return nil, fmt.Errorf("%w: DSM_URL (--dsm-url) %q: %w", ErrConfig, raw, err)
	}

	u, _ := url.Parse(strings.TrimSpace(raw))
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(strings.TrimSuffix(p, dsm.SyncPath), path.Dir(dsm.SyncPath))
	u.Path, u.RawPath = p, ""

	return u, nil
}
