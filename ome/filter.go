package ome

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Filter is an OData $filter expression built with Eq, Ne, Contains, And
// and Or. String literals are quoted by the builder, so no input can change
// the structure of the expression. A Filter built from a bad field name or
// an unsupported value carries an error (see Err) and a listing that uses
// it fails before sending anything.
type Filter struct {
	expr string
	// op is "and" or "or" for a compound filter, "" for a single term.
	op  string
	err error
}

// fieldPattern accepts property names and paths such as Type or
// DeviceManagement/NetworkAddress.
var fieldPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$`)

// String returns the expression text, or "" when the filter has an error.
func (f Filter) String() string {
	if f.err != nil {
		return ""
	}
	return f.expr
}

// Err returns the error of a filter built from bad input, or nil.
func (f Filter) Err() error { return f.err }

// IsZero reports whether f is empty (no filter); empty filters are not sent.
func (f Filter) IsZero() bool { return f.expr == "" && f.err == nil }

// EncodeValues adds f as key to v; it is called by go-querystring.
func (f Filter) EncodeValues(key string, v *url.Values) error {
	if f.err != nil {
		return f.err
	}

	if f.expr != "" {
		v.Set(key, f.expr)
	}
	return nil
}

// Eq compares field with a literal: an integer, a bool, nil or a string,
// which is quoted (a single quote inside is doubled).
func Eq(field string, value any) Filter { return compare(field, "eq", value) }

// Ne is the negation of Eq.
func Ne(field string, value any) Filter { return compare(field, "ne", value) }

// Contains matches a substring of a string field: contains(field,'s').
func Contains(field, s string) Filter {
	if err := checkField(field); err != nil {
		return Filter{err: err}
	}
	return Filter{expr: "contains(" + field + "," + quoteLiteral(s) + ")"}
}

// AnyEq matches when some entry of a collection property has field equal
// to value: collection/any(d:d/field eq literal). Looking a device up by
// management address needs this form:
//
//	ome.AnyEq("DeviceManagement", "NetworkAddress", "192.0.2.10")
func AnyEq(collection, field string, value any) Filter {
	if err := checkField(collection); err != nil {
		return Filter{err: err}
	}

	inner := compare("d/"+field, "eq", value)
	if inner.err != nil {
		return inner
	}
	return Filter{expr: collection + "/any(d:" + inner.expr + ")"}
}

// And joins filters that must all hold. Empty filters are skipped; And
// with no parts, or only empty ones, is the empty filter, which sends no
// $filter and so matches every item.
func And(fs ...Filter) Filter { return join("and", fs) }

// Or joins filters of which one must hold. Empty filters are skipped; Or
// with no parts, or only empty ones, is the empty filter, which sends no
// $filter and so matches every item (not "matches nothing").
func Or(fs ...Filter) Filter { return join("or", fs) }

// compare builds "field op literal".
func compare(field, op string, value any) Filter {
	if err := checkField(field); err != nil {
		return Filter{err: err}
	}

	lit, err := literal(value)
	if err != nil {
		return Filter{err: fmt.Errorf("ome: filter on %s: %w", field, err)}
	}
	return Filter{expr: field + " " + op + " " + lit}
}

// join combines filters with op, parenthesising compound filters of the
// other operator. A single non-empty filter is returned unchanged, so an
// outer join still sees its operator.
func join(op string, fs []Filter) Filter {
	kept := make([]Filter, 0, len(fs))
	for _, f := range fs {
		if f.err != nil {
			return Filter{err: f.err}
		}

		if f.expr != "" {
			kept = append(kept, f)
		}
	}

	switch len(kept) {
	case 0:
		return Filter{}
	case 1:
		return kept[0]
	}
	return joined(op, kept)
}

// joined makes the filter of two or more parts joined by op.
func joined(op string, fs []Filter) Filter {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.expr
		if f.op != "" && f.op != op {
			parts[i] = "(" + f.expr + ")"
		}
	}
	return Filter{expr: strings.Join(parts, " "+op+" "), op: op}
}

// checkField rejects anything that is not a property name or path.
func checkField(field string) error {
	if !fieldPattern.MatchString(field) {
		return fmt.Errorf("ome: filter field %q is not a property name", field)
	}
	return nil
}

// literal renders value as an OData literal.
func literal(value any) (string, error) {
	if value == nil {
		return "null", nil
	}

	v := reflect.ValueOf(value)
	switch v.Kind() {
	case reflect.String:
		return quoteLiteral(v.String()), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	}
	return "", fmt.Errorf("unsupported literal of type %T: use a string, an integer or a bool", value)
}

// quoteLiteral quotes s as an OData string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
