package omesim

import (
	"cmp"
	"slices"
	"sync"
)

// Filterable string fields of a device, in entry.str order.
const (
	sIdentifier = iota
	sServiceTag
	sChassisTag
	sDeviceName
	sModel
	numStrFields
)

// Filterable integer fields of a device, in entry.num order.
const (
	nID = iota
	nType
	nPowerState
	nStatus
	nSystemID
	numIntFields
)

// entry holds what filtering and ordering need of one device, so a
// listing never has to build device objects it does not return.
type entry struct {
	num   [numIntFields]int
	str   [numStrFields]string
	null  uint8 // bit i set: str[i] is JSON null
	addrs []string
	rank  uint64 // default (non-Id) order
	dev   *Device
}

// dataset is the immutable device collection of a server.
type dataset struct {
	entries []*entry // default order
	byID    map[int]*entry

	mu     sync.Mutex
	sorted map[string][]*entry // $orderby cache
}

// newDataset indexes devs. It panics on a device without an integer Id or
// with an Id seen before: that is a mistake in the test's Config.
func newDataset(devs []Device) *dataset {
	ds := &dataset{byID: make(map[int]*entry, len(devs)), sorted: map[string][]*entry{}}
	for i := range devs {
		e := newEntry(&devs[i])
		if _, dup := ds.byID[e.num[nID]]; dup {
			panic("omesim: duplicate device Id in Config.Devices: " + describe(devs[i]))
		}

		ds.byID[e.num[nID]] = e
		ds.entries = append(ds.entries, e)
	}

	slices.SortStableFunc(ds.entries, func(a, b *entry) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.num[nID], b.num[nID]))
	})

	return ds
}

// newEntry indexes one device.
func newEntry(d *Device) *entry {
	if d.gen != nil {
		e := d.gen.profile().entry()
		e.dev = d

		return e
	}

	return entryFromObject(d)
}

// entryFromObject indexes a hand-built device from its JSON object.
func entryFromObject(d *Device) *entry {
	e := &entry{dev: d, addrs: mgmtAddresses(d.Object)}
	id, ok := intField(d.Object, "Id")
	if !ok {
		panic("omesim: Config.Devices holds a " + describe(*d) + " and no integer Id")
	}

	for i, k := range [...]string{"Id", "Type", "PowerState", "Status", "SystemId"} {
		e.num[i], _ = intField(d.Object, k)
	}

	keys := [...]string{"Identifier", "DeviceServiceTag", "ChassisServiceTag", "DeviceName", "Model"}
	for i, k := range keys {
		s, ok := strField(d.Object, k)
		e.str[i] = s
		if !ok {
			e.null |= 1 << i
		}
	}

	e.rank = mix(uint64(id))

	return e
}

// mix scrambles an id into a stable pseudo-random rank (splitmix64).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb

	return x ^ (x >> 31)
}

// ordered returns the entries sorted by key ("" for the default order).
func (ds *dataset) ordered(key orderKey) []*entry {
	if key.field == "" {
		return ds.entries
	}

	ds.mu.Lock()
	defer ds.mu.Unlock()

	name := key.String()
	if s, ok := ds.sorted[name]; ok {
		return s
	}

	s := slices.Clone(ds.entries)
	slices.SortStableFunc(s, key.compare)
	ds.sorted[name] = s

	return s
}

// sortStrings sorts s in place.
func sortStrings(s []string) {
	slices.Sort(s)
}
