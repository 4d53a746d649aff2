package omesim

import (
	"cmp"
	"fmt"
	"strings"
)

// orderKey is a parsed $orderby: one property and a direction.
type orderKey struct {
	field string
	desc  bool
}

// parseOrderBy parses "<Field>", "<Field> asc" or "<Field> desc".
func parseOrderBy(src string) (orderKey, error) {
	parts := strings.Split(strings.TrimSpace(src), " ")
	f, ok := deviceFields[parts[0]]
	if !ok {
		return orderKey{}, fmt.Errorf("unknown or non-sortable property %q in $orderby", parts[0])
	}

	key := orderKey{field: f.name}
	switch {
	case len(parts) == 1:
	case len(parts) == 2 && (parts[1] == "asc" || parts[1] == "desc"):
		key.desc = parts[1] == "desc"
	default:
		return orderKey{}, fmt.Errorf("invalid $orderby %q: use <property> [asc|desc]", src)
	}

	return key, nil
}

// String names the key for caching.
func (k orderKey) String() string {
	if k.desc {
		return k.field + " desc"
	}

	return k.field
}

// compare orders two entries by the key; null strings sort first.
func (k orderKey) compare(a, b *entry) int {
	f := deviceFields[k.field]
	var c int
	if f.isInt {
		c = cmp.Compare(a.num[f.idx], b.num[f.idx])
	} else {
		c = cmp.Or(cmp.Compare(a.null>>f.idx&1^1, b.null>>f.idx&1^1),
			cmp.Compare(a.str[f.idx], b.str[f.idx]))
	}

	if k.desc {
		return -c
	}

	return c
}
