package dsm

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/dsmtools/omesync/internal/urlcheck"
)

// projectHint is how a base URL should look.
const projectHint = "https://<project>.supabase.co"

// parseBase checks that raw is an absolute http(s) URL without user
// info, query or fragment, trims a pasted function path and refuses the
// path of another Supabase service. No error repeats the user info or
// the query, where a password or a key may have been pasted.
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("dsm: base url is not a URL (%w): it must look like %s",
			urlcheck.Cause(err), projectHint)
	}

	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("dsm: base url must look like " + projectHint)
	}

	if err := checkBaseParts(u); err != nil {
		return nil, err
	}

	given := *u
	u.Path = trimFunctionPath(strings.TrimRight(u.Path, "/"))
	u.RawPath = ""
	if name, prefix, ok := otherService(u.Path); ok {
		return nil, serviceError(&given, u, name, prefix)
	}

	return u, nil
}

// checkBaseParts refuses user info, a query and a fragment, naming the
// URL without them.
func checkBaseParts(u *url.URL) error {
	shown := urlcheck.Shown(u)
	if u.User != nil {
		return fmt.Errorf("dsm: base url %s must not carry user info (user:password@, "+
			"not shown here): give the project URL alone, and the sign-in through "+
			"WithTokenSource (StaticToken, NewPasswordSource or NewRefreshSource)", shown)
	}

	if urlcheck.HasQuery(u) {
		return fmt.Errorf("dsm: base url %s must not carry a query or fragment (not shown "+
			"here): give the project URL alone, and the api key through WithAPIKey", shown)
	}

	return nil
}

// trimFunctionPath removes a pasted function URL ("/functions/v1" or
// "/functions/v1/openmanage-sync") from the end of a project path, so that
// the project URL is what remains.
func trimFunctionPath(p string) string {
	p = strings.TrimSuffix(p, SyncPath)
	return strings.TrimSuffix(p, path.Dir(SyncPath))
}

// services says what each path "/<name>/v1" below a Supabase project
// points at instead of the project: its other services, or a function
// other than openmanage-sync (whose path is trimmed before).
var services = map[string]string{
	"rest":      "its REST API (/rest/v1)",
	"auth":      "its Auth service (/auth/v1)",
	"storage":   "its Storage service (/storage/v1)",
	"realtime":  "its Realtime service (/realtime/v1)",
	"graphql":   "its GraphQL service (/graphql/v1)",
	"functions": "another of its Edge Functions than openmanage-sync (/functions/v1)",
}

// otherService finds a Supabase service's "/<name>/v1" in p, alone or
// with more path below it, and returns what it points at and the part of
// p before it.
func otherService(p string) (what, prefix string, ok bool) {
	segs := strings.Split(p, "/")
	for i := 1; i+1 < len(segs); i++ {
		what, ok := services[strings.ToLower(segs[i])]
		if ok && strings.EqualFold(segs[i+1], "v1") {
			return what, strings.Join(segs[:i], "/"), true
		}
	}

	return "", "", false
}

// serviceError refuses a base url (given) that points at another
// service, and names the project URL to use instead.
func serviceError(given, u *url.URL, what, prefix string) error {
	project := *u
	project.Path = prefix

	return fmt.Errorf("dsm: base url %s points at %s, not at the Supabase project, so "+
		"every sync would fail with 404: use the project URL %s", given.String(), what,
		project.String())
}
