package ome

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
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

// pager walks a collection with explicit $skip/$top, re-sending the
// caller's filter and order on every page.
type pager struct {
	path      string
	opts      ListOptions
	maxPages  int
	pages     int
	collected int
	// total is @odata.count of the first page less the starting skip; -1 if absent.
	total int
	seen  map[string]bool
}

// listAll yields every item of the collection at path. It stops when the
// items collected reach @odata.count, on an empty page, on a nextLink seen
// before and at the page cap, and ends with an error wrapping
// ErrIncompleteListing when the items collected disagree with the count.
func listAll[T any](
	ctx context.Context, c *Client, path string, opts *ListOptions,
) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		pg := &pager{path: path, opts: c.pageOptions(opts), maxPages: c.maxPages,
			total: -1, seen: map[string]bool{}}
		for more := true; more; {
			var err error
			if more, err = readPage(ctx, c, pg, yield); err != nil {
				var zero T
				yield(zero, err)
				return
			}
		}
	}
}

// readPage reads the next page and yields its items; more is false when
// the listing has ended or the caller stopped.
func readPage[T any](ctx context.Context, c *Client, pg *pager, yield func(T, error) bool) (bool, error) {
	p, err := getPage[T](ctx, c, pg.path, pg.opts)
	if err != nil {
		return false, err
	}

	for _, v := range p.items() {
		if !yield(v, nil) {
			return false, nil
		}
	}
	return pg.advance(p.Count, len(p.items()), p.url.String(), p.next())
}

// advance records a page and reports whether to read another; the error
// reports an incomplete listing.
func (pg *pager) advance(count *int, n int, pageURL, next string) (bool, error) {
	if pg.pages == 0 && count != nil {
		pg.total = max(*count-pg.opts.Skip, 0)
	}

	pg.pages++
	pg.collected += n
	pg.opts.Skip += n
	pg.seen[pageURL] = true

	if pg.done(n, next) {
		return false, pg.check()
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

// check compares the items collected with @odata.count.
func (pg *pager) check() error {
	if pg.total < 0 || pg.collected == pg.total {
		return nil
	}
	return fmt.Errorf("ome: GET %s: collected %d items but @odata.count says %d: %w",
		pg.path, pg.collected, pg.total, ErrIncompleteListing)
}
