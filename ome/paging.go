package ome

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// page is one page of an OData collection.
type page[T any] struct {
	Count    *int    `json:"@odata.count"`
	NextLink string  `json:"@odata.nextLink"`
	Value    *[]T    `json:"value"`
	url      url.URL `json:"-"`
}

// items returns the page's values.
func (p *page[T]) items() []T {
	if p.Value == nil {
		return nil
	}
	return *p.Value
}

// next resolves the nextLink against the page's URL (RFC 3986 reference
// resolution); "" when there is none.
func (p *page[T]) next() string {
	if p.NextLink == "" {
		return ""
	}

	ref, err := url.Parse(p.NextLink)
	if err != nil {
		return p.NextLink
	}
	return p.url.ResolveReference(ref).String()
}

// pageOptions returns opts with the page's Skip and Top, never nil.
func (c *Client) pageOptions(opts *ListOptions) ListOptions {
	var o ListOptions
	if opts != nil {
		o = *opts
	}

	if o.Top <= 0 {
		o.Top = c.pageSize
	}
	return o
}

// getPage reads one page of the collection at path.
func getPage[T any](ctx context.Context, c *Client, path string, o ListOptions) (*page[T], error) {
	q, err := encodeQuery(o)
	if err != nil {
		return nil, err
	}

	r := &call{method: http.MethodGet, url: c.endpoint(path, q)}
	var p page[T]
	if err := c.doJSON(ctx, r, &p); err != nil {
		return nil, err
	}

	if p.Value == nil {
		return nil, fmt.Errorf("ome: GET %s: response has no value array; "+
			"check that the URL points at the OME appliance", path)
	}

	p.url = *r.url
	return &p, nil
}

// itemKind tells the pager what it lists: a noun for messages and the key
// that identifies an item.
type itemKind[T any] struct {
	noun string
	id   func(*T) int64
}

var (
	deviceKind = itemKind[Device]{"device", func(d *Device) int64 { return d.ID }}
	groupKind  = itemKind[Group]{"group", func(g *Group) int64 { return g.ID }}
)

// pager walks a collection with explicit $skip/$top, re-sending the
// caller's filter and order on every page.
type pager struct {
	path      string
	noun      string
	opts      ListOptions
	maxPages  int
	pages     int
	collected int
	// total is @odata.count of the first page less the starting skip; -1 if absent.
	total int
	seen  map[string]bool
	// ids holds the key of every item yielded, so that an item OME sends
	// twice (the list shifted between pages) is yielded once and noticed.
	// At 50,000 devices the map takes about 1 MB.
	ids map[int64]struct{}
	// oddIDs holds the Id text of entries whose Id is not a number, and
	// unkeyed counts entries without a readable Id; both count as distinct.
	oddIDs  map[string]struct{}
	unkeyed int
	// repeats counts the items received again; firstRepeat is the first.
	repeats     int
	firstRepeat string
}

// itemKey identifies an entry of a page: its numeric Id when known, else
// the JSON text of its Id, else nothing.
type itemKey struct {
	id    int64
	known bool
	text  string
}

// listAll yields every item of the collection at path, each key once. It
// stops when the items received reach @odata.count, on an empty page, on a
// nextLink seen before and at the page cap, and ends with an error wrapping
// ErrIncompleteListing when an item came twice or the distinct items
// disagree with the count.
func listAll[T any](
	ctx context.Context, c *Client, path string, opts *ListOptions, kind itemKind[T],
) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		pg := &pager{path: path, noun: kind.noun, opts: c.pageOptions(opts),
			maxPages: c.maxPages, total: -1, seen: map[string]bool{},
			ids: map[int64]struct{}{}, oddIDs: map[string]struct{}{}}
		for more := true; more; {
			var err error
			if more, err = readPage(ctx, c, pg, kind, yield); err != nil {
				var zero T
				yield(zero, err)
				return
			}
		}
	}
}

// readPage reads the next page and yields its items not seen before; more
// is false when the listing has ended or the caller stopped. Each entry is
// decoded on its own: one that does not fit T is yielded as a
// *DeviceDecodeError and the caller may go on.
func readPage[T any](
	ctx context.Context, c *Client, pg *pager, kind itemKind[T], yield func(T, error) bool,
) (bool, error) {
	p, err := getPage[json.RawMessage](ctx, c, pg.path, pg.opts)
	if err != nil {
		return false, err
	}

	step := pageStep{n: len(p.items())}
	for i, raw := range p.items() {
		v, key, err := decodeItem(pg, kind, raw, i)
		if pg.repeated(key) {
			continue
		}

		step.fresh++
		if !yield(v, err) {
			return false, nil
		}
	}
	return pg.advance(p.Count, step, p.url.String(), p.next())
}

// decodeItem decodes the entry at place i of the current page; on failure
// it returns the zero T, the entry's Id as far as it can be read, and a
// *DeviceDecodeError.
func decodeItem[T any](pg *pager, kind itemKind[T], raw json.RawMessage, i int) (T, itemKey, error) {
	var v T
	err := errNullEntry
	if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		err = json.Unmarshal(raw, &v)
	}

	if err == nil {
		return v, itemKey{id: kind.id(&v), known: true}, nil
	}

	var zero T
	key := rawKey(raw)
	return zero, key, &DeviceDecodeError{Path: pg.path, Index: pg.opts.Skip + i, ID: key.text,
		Err: jsonProblem(err)}
}

// errNullEntry is the cause of a DeviceDecodeError for a null entry.
var errNullEntry = errors.New("the entry is null")

// rawKey reads the Id of an entry that did not decode.
func rawKey(raw json.RawMessage) itemKey {
	var probe struct {
		ID json.RawMessage `json:"Id"`
	}
	if json.Unmarshal(raw, &probe) != nil || len(probe.ID) == 0 || string(probe.ID) == "null" {
		return itemKey{}
	}

	var id int64
	if json.Unmarshal(probe.ID, &id) == nil {
		return itemKey{id: id, known: true, text: string(probe.ID)}
	}
	return itemKey{text: excerpt(probe.ID)}
}

// pageStep counts a page's items: all of them, and those not seen before.
type pageStep struct{ n, fresh int }

// repeated records an entry's key and reports whether it was received
// before. An entry without a readable Id is never a repeat.
func (pg *pager) repeated(key itemKey) bool {
	text := key.text
	var seen bool
	switch {
	case key.known:
		_, seen = pg.ids[key.id]
		pg.ids[key.id] = struct{}{}
		text = strconv.FormatInt(key.id, 10)
	case key.text != "":
		_, seen = pg.oddIDs[key.text]
		pg.oddIDs[key.text] = struct{}{}
	default:
		pg.unkeyed++
	}

	if seen && pg.repeats == 0 {
		pg.firstRepeat = text
	}

	if seen {
		pg.repeats++
	}
	return seen
}

// advance records a page and reports whether to read another; the error
// reports an incomplete listing. A page of items that were all read before
// ends the listing: the server ignores $skip, and reading on would only
// loop to the page cap.
func (pg *pager) advance(count *int, step pageStep, pageURL, next string) (bool, error) {
	if pg.pages == 0 && count != nil {
		pg.total = max(*count-pg.opts.Skip, 0)
	}

	skip := pg.opts.Skip
	pg.pages++
	pg.collected += step.n
	pg.opts.Skip += step.n
	pg.seen[pageURL] = true

	if pg.done(step.n, next) {
		return false, pg.check()
	}

	if step.fresh == 0 {
		return false, fmt.Errorf("ome: GET %s: the page at $skip=%d brought no new %s, only "+
			"%d read before (%s %s first); the server seems to ignore $skip, so the listing "+
			"stopped instead of looping: check any proxy in front of OME: %w", pg.path, skip,
			pg.noun, step.n, pg.noun, pg.firstRepeat, ErrIncompleteListing)
	}

	if pg.pages >= pg.maxPages {
		return false, fmt.Errorf("ome: GET %s: stopped at the page cap of %d pages after %d items "+
			"(raise WithMaxPages): %w", pg.path, pg.maxPages, pg.collected, ErrIncompleteListing)
	}

	pg.seen[next] = next != ""
	return true, nil
}

// done reports whether the listing has ended.
func (pg *pager) done(n int, next string) bool {
	switch {
	case n == 0:
		return true
	case pg.total >= 0:
		return pg.collected >= pg.total || (next != "" && pg.seen[next])
	default:
		return next == "" || pg.seen[next]
	}
}

// check compares the distinct items with @odata.count. An item received
// twice is an error even when the numbers agree: the list shifted while it
// was read, so another item may have been skipped.
func (pg *pager) check() error {
	distinct := len(pg.ids) + len(pg.oddIDs) + pg.unkeyed
	if pg.repeats > 0 {
		return fmt.Errorf("ome: GET %s: OME returned %s %s twice (%d repeats, %d distinct %ss%s); "+
			"the list changed while it was read: run again, or order by Id: %w", pg.path,
			pg.noun, pg.firstRepeat, pg.repeats, distinct, pg.noun, pg.countText(), ErrIncompleteListing)
	}

	if pg.total < 0 || distinct == pg.total {
		return nil
	}
	return fmt.Errorf("ome: GET %s: collected %d %ss but @odata.count says %d: %w",
		pg.path, distinct, pg.noun, pg.total, ErrIncompleteListing)
}

// countText is ", @odata.count says N", or "" without a count.
func (pg *pager) countText() string {
	if pg.total < 0 {
		return ""
	}
	return fmt.Sprintf(", @odata.count says %d", pg.total)
}
