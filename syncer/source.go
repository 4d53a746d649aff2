package syncer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// Source yields devices and their inventory. OMESource is the default; a
// source may also be a recorded file or another inventory system.
//
// A source may also implement GroupSource (for InGroup), Closer (Run calls
// Close at the end of every run, also when it fails or is cancelled) and
// RequestCounter (for the report).
type Source interface {
	// Devices yields every device once. It stops at the first error.
	Devices(ctx context.Context) iter.Seq2[ome.Device, error]
	// Inventory reads one device's inventory. Run calls it from several
	// goroutines at once.
	Inventory(ctx context.Context, d *ome.Device) (*ome.Inventory, error)
}

// Closer is a Source that holds a session to close after each run.
type Closer interface {
	Close(ctx context.Context) error
}

// RequestCounter is a Source or Sink that counts the HTTP requests it sent.
type RequestCounter interface {
	Requests() int64
}

// OMEOption configures OMESource.
type OMEOption func(*omeSource)

// WithInventoryTypes makes OMESource read only these inventory sections,
// one request per section per device, instead of the default single
// request for the whole inventory per device. Fewer bytes, more requests:
// the three sections the mapping needs are ome.InventoryProcessors,
// ome.InventoryMemory and ome.InventorySoftware.
func WithInventoryTypes(types ...ome.InventoryType) OMEOption {
	types = slices.Clone(types)

	return func(s *omeSource) { s.types = types }
}

// WithListOptions sets the listing's options (page size, filter, order).
// When opts.OrderBy is empty the listing is ordered by Id, as by default:
// pages then hold still, and of two devices with one service tag the one
// with the lower id is kept, run after run. Another order gives up both.
func WithListOptions(opts ome.ListOptions) OMEOption {
	if opts.OrderBy == "" {
		opts.OrderBy = defaultOrder
	}

	return func(s *omeSource) { s.list = opts }
}

// defaultOrder is the listing's order unless WithListOptions sets one.
const defaultOrder = "Id"

// OMESource reads devices and inventory through c. Every device is listed
// and filtering happens in the syncer, so that each filtered device is
// counted. Its Close logs out of OME. Nil options are ignored.
func OMESource(c *ome.Client, opts ...OMEOption) Source {
	s := &omeSource{c: c, list: ome.ListOptions{OrderBy: defaultOrder}}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}

	return s
}

type omeSource struct {
	c     *ome.Client
	list  ome.ListOptions
	types []ome.InventoryType
}

// check rejects a source built without a client.
func (s *omeSource) check() error {
	if s.c == nil {
		return errors.New("syncer: OMESource needs an *ome.Client, got nil")
	}

	return nil
}

// Devices lists every device, page by page.
//
// GET /api/DeviceService/Devices
func (s *omeSource) Devices(ctx context.Context) iter.Seq2[ome.Device, error] {
	opts := s.list

	return s.c.Devices.All(ctx, &opts)
}

// Inventory reads one device's inventory.
//
// GET /api/DeviceService/Devices(id)/InventoryDetails
func (s *omeSource) Inventory(ctx context.Context, d *ome.Device) (*ome.Inventory, error) {
	return s.c.Inventory.Get(ctx, d.ID, s.types...)
}

// GroupDeviceIDs finds the group by name (ignoring case) and lists its
// devices. A member entry that does not decode still counts by its Id when
// that can be read; the device listing reports the device itself.
//
// GET /api/GroupService/Groups
// GET /api/GroupService/Groups(id)/Devices
func (s *omeSource) GroupDeviceIDs(ctx context.Context, group string) ([]int64, error) {
	id, err := s.groupID(ctx, group)
	if err != nil {
		return nil, err
	}

	var ids []int64
	for d, err := range s.c.Groups.Devices(ctx, id, nil) {
		var de *ome.DeviceDecodeError
		if errors.As(err, &de) {
			if id, ok := decodeErrorID(de); ok {
				ids = append(ids, id)
			}

			continue
		}

		if err != nil {
			return nil, err
		}

		ids = append(ids, d.ID)
	}

	return ids, nil
}

// decodeErrorID is the Id of an entry that did not decode, when it reads
// as a number (a quoted one too).
func decodeErrorID(de *ome.DeviceDecodeError) (int64, bool) {
	id, err := strconv.ParseInt(strings.Trim(de.ID, `"`), 10, 64)

	return id, err == nil
}

// groupID finds a group's id by its name; group entries that do not
// decode are passed over.
func (s *omeSource) groupID(ctx context.Context, name string) (int64, error) {
	for g, err := range s.c.Groups.All(ctx, nil) {
		var de *ome.DeviceDecodeError
		if errors.As(err, &de) {
			continue
		}

		if err != nil {
			return 0, err
		}

		if strings.EqualFold(g.Name, name) {
			return g.ID, nil
		}
	}

	return 0, fmt.Errorf("no OME group is named %q (check the name in OME's Devices view)", name)
}

// Close logs out of OME with ome.Client.Logout, which keeps the client
// usable, so the next run logs in again (ome.Client.Close would end it).
//
// DELETE /api/SessionService/Sessions('<Id>')
func (s *omeSource) Close(ctx context.Context) error { return s.c.Logout(ctx) }

// Requests counts the client's HTTP requests.
func (s *omeSource) Requests() int64 { return s.c.Requests() }
