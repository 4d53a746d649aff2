package ome

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
)

const devicesPath = "/api/DeviceService/Devices"

// DevicePage is one page of a device listing. Count is @odata.count (the
// total that matches the filter, -1 when absent); NextLink is the server's
// link as sent.
type DevicePage struct {
	// Count is @odata.count, or -1 when the page had none.
	Count int
	// NextLink is @odata.nextLink as sent; "" on the last page.
	NextLink string
	// Devices are the page's devices.
	Devices []Device
}

// DevicesService reads devices.
type DevicesService struct{ c *Client }

// client returns the service's Client; nil for a nil service.
func (s *DevicesService) client() *Client {
	if s == nil {
		return nil
	}

	return s.c
}

// List reads one page. $skip and $top are always sent ($top is the client's
// page size when opts.Top is 0).
//
// GET /api/DeviceService/Devices
func (s *DevicesService) List(ctx context.Context, opts *ListOptions) (*DevicePage, error) {
	if err := s.client().ready("Devices.List"); err != nil {
		return nil, err
	}

	p, err := getPage[Device](ctx, s.c, devicesPath, s.c.pageOptions(opts))
	if err != nil {
		return nil, err
	}

	count := -1
	if p.Count != nil {
		count = *p.Count
	}
	return &DevicePage{Count: count, NextLink: p.NextLink, Devices: p.items()}, nil
}

// All yields every device, page by page, without holding more than one
// page. The caller's Filter and OrderBy go out on every page; opts.Top is
// the page size. Each device Id is yielded once. A device that does not
// fit the Device type is yielded as a *DeviceDecodeError (ErrDecode) and
// the caller may go on; any other error ends the sequence. The last pair carries an
// error wrapping ErrIncompleteListing when a device came twice or the
// distinct devices disagree with @odata.count.
//
// GET /api/DeviceService/Devices
func (s *DevicesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Device, error] {
	if err := s.client().ready("Devices.All"); err != nil {
		return failedSeq[Device](err)
	}

	return listAll(ctx, s.c, devicesPath, opts, deviceKind)
}

// Get reads one device; an unknown id gives an error matching ErrNotFound.
//
// GET /api/DeviceService/Devices(id)
func (s *DevicesService) Get(ctx context.Context, id int64) (*Device, error) {
	if err := s.client().ready("Devices.Get"); err != nil {
		return nil, err
	}

	var d Device
	if err := s.c.getJSON(ctx, devicePath(id), "", &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// GetByServiceTag finds the device with this service tag. No match gives an
// error matching ErrNotFound; several matches give an error. A blank tag
// is refused without a request: it would match a device that has none.
//
// GET /api/DeviceService/Devices?$filter=DeviceServiceTag eq 'TAG'
func (s *DevicesService) GetByServiceTag(ctx context.Context, tag string) (*Device, error) {
	if err := s.client().ready("Devices.GetByServiceTag"); err != nil {
		return nil, err
	}

	if strings.TrimSpace(tag) == "" {
		return nil, fmt.Errorf("ome: the service tag is empty; a blank tag would match "+
			"devices that have none, so pass the tag to look for (got %q)", tag)
	}

	p, err := s.List(ctx, &ListOptions{Top: 2, Filter: Eq("DeviceServiceTag", tag)})
	if err != nil {
		return nil, err
	}

	switch {
	case len(p.Devices) == 0:
		return nil, fmt.Errorf("ome: no device has service tag %q: %w", tag, ErrNotFound)
	case len(p.Devices) > 1 || p.Count > 1:
		return nil, fmt.Errorf("ome: %d devices have service tag %q; use Get with the device id",
			max(p.Count, len(p.Devices)), tag)
	}
	return &p.Devices[0], nil
}

// devicePath is the entity path of one device.
func devicePath(id int64) string {
	return devicesPath + "(" + strconv.FormatInt(id, 10) + ")"
}
