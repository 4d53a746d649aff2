package syncer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// Filter decides which listed devices are synced. Match reports whether d
// passes and, either way, why, in a few words that do not vary from device
// to device (the report counts filtered devices per reason).
type Filter interface {
	Match(d *ome.Device) (ok bool, reason string)
}

// FilterFunc adapts a function to a Filter.
type FilterFunc func(d *ome.Device) (bool, string)

// Match calls f.
func (f FilterFunc) Match(d *ome.Device) (bool, string) { return f(d) }

// Preparer is a Filter that must read something before a run, such as
// the members of an OME group. Run calls Prepare once before listing.
type Preparer interface {
	Prepare(ctx context.Context, src Source) error
}

// All passes a device that every filter passes; its reason is the first
// failing filter's. All() passes everything.
func All(fs ...Filter) Filter { return allFilter(fs) }

type allFilter []Filter

func (a allFilter) Match(d *ome.Device) (bool, string) {
	for _, f := range a {
		if ok, why := f.Match(d); !ok {
			return false, why
		}
	}

	return true, "all filters pass"
}

func (a allFilter) Prepare(ctx context.Context, src Source) error {
	return prepareAll(ctx, src, a)
}

func (a allFilter) check() error { return checkFilters(a) }

// Any passes a device that at least one filter passes. Any() passes nothing.
func Any(fs ...Filter) Filter { return anyFilter(fs) }

type anyFilter []Filter

func (a anyFilter) Match(d *ome.Device) (bool, string) {
	whys := make([]string, 0, len(a))
	for _, f := range a {
		ok, why := f.Match(d)
		if ok {
			return true, why
		}

		whys = append(whys, why)
	}

	return false, strings.Join(whys, " and ")
}

func (a anyFilter) Prepare(ctx context.Context, src Source) error {
	return prepareAll(ctx, src, a)
}

func (a anyFilter) check() error { return checkFilters(a) }

// Not passes a device that f does not; the reason is f's.
func Not(f Filter) Filter { return notFilter{f} }

type notFilter struct{ f Filter }

func (n notFilter) Match(d *ome.Device) (bool, string) {
	ok, why := n.f.Match(d)

	return !ok, why
}

func (n notFilter) Prepare(ctx context.Context, src Source) error {
	return prepareAll(ctx, src, []Filter{n.f})
}

func (n notFilter) check() error { return checkFilters([]Filter{n.f}) }

// prepareAll prepares the filters that need it.
func prepareAll(ctx context.Context, src Source, fs []Filter) error {
	for _, f := range fs {
		if p, ok := f.(Preparer); ok {
			if err := p.Prepare(ctx, src); err != nil {
				return err
			}
		}
	}

	return nil
}

// checkFilters says what is wrong with the first of fs that was built
// wrong: a nil filter, or one built from a bad argument (invalidFilter),
// also inside All, Any and Not. WithFilter refuses such a filter, so that
// it cannot fail in the middle of a run.
func checkFilters(fs []Filter) error {
	for _, f := range fs {
		if isNil(f) {
			return errors.New("syncer: All, Any and Not need filters, got a nil one")
		}

		if c, ok := f.(checker); ok {
			if err := c.check(); err != nil {
				return err
			}
		}
	}

	return nil
}

// invalidFilter stands for a filter built from a bad argument, such as
// ModelMatches(nil): WithFilter refuses it with err.
type invalidFilter struct{ err error }

// Match passes nothing; a run never gets to call it.
func (f invalidFilter) Match(*ome.Device) (bool, string) { return false, f.err.Error() }

func (f invalidFilter) check() error { return f.err }

// ByType passes devices of the given types; the default filter is
// ByType(ome.TypeServer). ByType() passes every type.
func ByType(types ...ome.DeviceType) Filter {
	types = slices.Clone(types)

	return FilterFunc(func(d *ome.Device) (bool, string) {
		if len(types) == 0 {
			return true, "any type"
		}

		for _, t := range types {
			if d.Type == t {
				return true, fmt.Sprintf("type %d", t)
			}
		}

		return false, fmt.Sprintf("type %d%s is not synced", d.Type, typeName(d.Type))
	})
}

// typeName names the common device types for a reason.
func typeName(t ome.DeviceType) string {
	names := map[ome.DeviceType]string{
		ome.TypeServer: "server", ome.TypeChassis: "chassis", ome.TypeStorage: "storage",
		ome.TypeNetworkIOM: "network IOM", ome.TypeStorageIOM: "storage IOM",
	}
	if n, ok := names[t]; ok {
		return " (" + n + ")"
	}

	return ""
}

// ModelContains passes devices whose Model contains s, ignoring case.
func ModelContains(s string) Filter {
	want := strings.ToLower(s)

	return FilterFunc(func(d *ome.Device) (bool, string) {
		ok := strings.Contains(strings.ToLower(d.Model), want)

		return ok, fmt.Sprintf("model %s %q", verb(ok, "contains"), s)
	})
}

// ModelMatches passes devices whose Model matches re. WithFilter refuses
// the filter when re is nil.
func ModelMatches(re *regexp.Regexp) Filter {
	if re == nil {
		return nilRegexp("ModelMatches")
	}

	return FilterFunc(func(d *ome.Device) (bool, string) {
		ok := re.MatchString(d.Model)

		return ok, fmt.Sprintf("model %s /%s/", verb(ok, "matches"), re)
	})
}

// NameMatches passes devices whose DeviceName matches re. WithFilter
// refuses the filter when re is nil.
func NameMatches(re *regexp.Regexp) Filter {
	if re == nil {
		return nilRegexp("NameMatches")
	}

	return FilterFunc(func(d *ome.Device) (bool, string) {
		ok := re.MatchString(d.DeviceName)

		return ok, fmt.Sprintf("device name %s /%s/", verb(ok, "matches"), re)
	})
}

// nilRegexp is the filter of fn given a nil regular expression.
func nilRegexp(fn string) Filter {
	return invalidFilter{fmt.Errorf("syncer: %s needs a regular expression, got nil "+
		"(check the error of regexp.Compile)", fn)}
}

// ServiceTags passes devices whose normalized DeviceServiceTag is one of
// tags (normalized the same way, so " abc1234" selects "ABC1234").
func ServiceTags(tags ...string) Filter {
	set := make(map[string]bool, len(tags))
	for _, t := range tags {
		set[NormalizeServiceTag(t)] = true
	}

	return FilterFunc(func(d *ome.Device) (bool, string) {
		ok := set[NormalizeServiceTag(d.DeviceServiceTag)]

		return ok, "service tag " + verb(ok, "is") + " in the list"
	})
}

// verb is "<v>" or "does not <v>" ("is" becomes "is not").
func verb(ok bool, v string) string {
	switch {
	case ok:
		return v
	case v == "is":
		return "is not"
	}

	return "does not " + strings.TrimSuffix(strings.TrimSuffix(v, "es"), "s")
}
