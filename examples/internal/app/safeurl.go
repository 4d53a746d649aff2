package app

import (
	"net/url"
	"strings"
)

// hiddenUser stands for the user info of a URL that is shown.
const hiddenUser = "xxxxx"

// SafeURL returns OME_HOST or DSM_URL as it may be shown in a message or
// a log: spaces trimmed, the user info (user:password@) replaced by
// xxxxx, and the query and fragment dropped, so that a secret written
// into the value never shows. A value that does not parse as a URL is cut
// by hand the same way: all before its last '@' but the scheme is hidden.
func SafeURL(raw string) string {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil || !strings.Contains(s, "://") {
		return safeText(s)
	}

	if u.User != nil {
		u.User = url.User(hiddenUser)
	}

	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""

	return u.String()
}

// safeText cuts a value that is not read as a URL: the text before its
// last '@' (after the scheme, if any) becomes xxxxx, and the text from
// the first '?' or '#' after that is dropped.
func safeText(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || strings.Contains(scheme, "@") {
		scheme, rest, ok = "", s, false
	}

	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = hiddenUser + rest[i:]
	}

	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}

	if ok {
		return scheme + "://" + rest
	}

	return rest
}
