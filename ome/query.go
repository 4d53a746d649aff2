package ome

import (
	"fmt"
	"strings"

	"github.com/google/go-querystring/query"
)

// ListOptions selects and orders a listing. Top is the page size (the
// client's page size when 0); Skip is where the listing starts. Filter and
// OrderBy are sent on every page.
type ListOptions struct {
	Top     int    `url:"$top,omitempty"`
	Skip    int    `url:"$skip"`
	Filter  Filter `url:"$filter,omitempty"`
	OrderBy string `url:"$orderby,omitempty"`
}

// encodeQuery encodes opts with go-querystring. Spaces go out as %20,
// never '+', which OME's filter parser misreads; '$' stays literal.
func encodeQuery(opts any) (string, error) {
	v, err := query.Values(opts)
	if err != nil {
		return "", fmt.Errorf("ome: encode query: %w", err)
	}

	s := strings.ReplaceAll(v.Encode(), "+", "%20")
	return strings.ReplaceAll(s, "%24", "$"), nil
}
