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
	// Top is the page size ($top); 0 means the client's (WithPageSize,
	// 100 by default). The appliance may send fewer.
	Top int `url:"$top,omitempty"`
	// Skip is how many items to pass over before the first ($skip).
	Skip int `url:"$skip"`
	// Filter selects items ($filter); build it with Eq, And and the
	// others. The zero Filter sends none and matches everything.
	Filter Filter `url:"$filter,omitempty"`
	// OrderBy orders the items ($orderby), such as "Id"; none when empty.
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
