package syncer

import (
	"context"
	"fmt"
	"sync"

	"github.com/dsmtools/omesync/ome"
)

// GroupSource is a Source that knows the members of named device groups.
// The InGroup filter needs one; OMESource is one.
type GroupSource interface {
	// GroupDeviceIDs returns the ids of the devices in the named group.
	GroupDeviceIDs(ctx context.Context, group string) ([]int64, error)
}

// InGroup passes devices that belong to the named group. Its members are
// read from the source (a GroupSource) once at the start of every run.
func InGroup(name string) Filter {
	return &groupFilter{name: name}
}

type groupFilter struct {
	name string

	mu      sync.RWMutex
	members map[int64]bool
}

// Prepare reads the group's members.
func (g *groupFilter) Prepare(ctx context.Context, src Source) error {
	gs, ok := src.(GroupSource)
	if !ok {
		return fmt.Errorf("syncer: filter InGroup(%q) needs a source that knows groups "+
			"(a GroupSource such as OMESource)", g.name)
	}

	ids, err := gs.GroupDeviceIDs(ctx, g.name)
	if err != nil {
		return fmt.Errorf("syncer: read members of group %q: %w", g.name, err)
	}

	members := make(map[int64]bool, len(ids))
	for _, id := range ids {
		members[id] = true
	}

	g.mu.Lock()
	g.members = members
	g.mu.Unlock()

	return nil
}

// Match passes members of the group.
func (g *groupFilter) Match(d *ome.Device) (bool, string) {
	g.mu.RLock()
	ok := g.members[d.ID]
	g.mu.RUnlock()

	return ok, fmt.Sprintf("device %s in group %q", verb(ok, "is"), g.name)
}
