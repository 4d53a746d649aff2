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
// http:// the access token would travel in clear text. User info, a query
// and a fragment are refused first, each with what to do instead, then a
// port that is empty or not from 1 to 65535. No error quotes the value:
// the caller quotes it through SafeURL. The client refuses such URLs too;
// this check words it for the programs' users.
func CheckDSMURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return notAURL(raw, err)
	}

	if err := checkDSMParts(u); err != nil {
		return err
	}

	if hasPort(u) {
		if _, err := portNumber(u.Port()); err != nil {
			return err
		}
	}

	if _, err := dsm.NewClient(raw, dsm.WithInsecureHTTP()); err != nil {
		return err
	}

	if strings.EqualFold(u.Scheme, "http") && !isLoopback(u.Hostname()) {
		return errors.New("DSM needs HTTPS: over http:// the access token would travel in clear text; " +
			"give https://" + u.Host + " (http is accepted only for localhost)")
	}

	return nil
}

// notAURL words a DSM_URL that does not parse. The parser's reason is
// left out when the value holds an '@': it may quote part of a password.
func notAURL(raw string, err error) error {
	var ue *url.Error
	if strings.Contains(raw, "@") || !errors.As(err, &ue) {
		return errors.New("not a URL; give https://<project>.supabase.co")
	}

	return fmt.Errorf("not a URL (%w); give https://<project>.supabase.co", ue.Err)
}

// checkDSMParts refuses the parts of a URL that may carry a secret.
func checkDSMParts(u *url.URL) error {
	switch {
	case u.User != nil:
		return errors.New("credentials do not belong in DSM_URL: give " +
			"https://<project>.supabase.co and sign in with DSM_EMAIL and DSM_PASSWORD " +
			"(or --dsm-password-file), or give a token in DSM_JWT_TOKEN (or --dsm-token-file)")
	case u.RawQuery != "" || u.ForceQuery:
		return errors.New("a query string does not belong in DSM_URL: give " +
			"https://<project>.supabase.co, the project's key in DSM_API_KEY and a token in " +
			"DSM_JWT_TOKEN (or --dsm-token-file)")
	case u.Fragment != "":
		return errors.New("a fragment (#...) does not belong in DSM_URL: give " +
			"https://<project>.supabase.co")
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
		return nil, fmt.Errorf("%w: DSM_URL (--dsm-url) %q: %w", ErrConfig, SafeURL(raw), err)
	}

	u, _ := url.Parse(strings.TrimSpace(raw))
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(strings.TrimSuffix(p, dsm.SyncPath), path.Dir(dsm.SyncPath))
	u.Path, u.RawPath = p, ""

	return u, nil
}
