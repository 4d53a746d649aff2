// Package urlcheck holds what the ome and dsm clients share when they
// read a caller's base URL: the parts of it that may be shown in an
// error, and the parts where a password or key may have been pasted.
package urlcheck

import (
	"errors"
	"net/url"
)

// Cause is what url.Parse found wrong, without the URL its error quotes
// (which may hold user info or a query).
func Cause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}

	return err
}

// Shown is u as an error may quote it: scheme, host and path only.
func Shown(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// HasQuery reports whether u carries a query or a fragment, even an
// empty one.
func HasQuery(u *url.URL) bool {
	return u.RawQuery != "" || u.ForceQuery || u.Fragment != ""
}
