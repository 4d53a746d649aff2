package omesim

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// query holds the decoded query parameters of a request.
type query map[string]string

// parseQuery decodes a raw query string with path rules: %XX is decoded
// and '+' stays a literal plus, as on the appliance.
func parseQuery(raw string) (query, error) {
	q := query{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}

		k, v, _ := strings.Cut(part, "=")
		key, err := url.PathUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("invalid escape in query parameter name %q", k)
		}

		val, err := url.PathUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("invalid escape in query parameter %s", key)
		}

		q[key] = val
	}

	return q, nil
}

// nonNegative reads an optional non-negative integer parameter.
func (q query) nonNegative(name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}

	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s must be a non-negative integer, got %q", name, v)
	}

	return n, nil
}
