package omesim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// firstGeneratedID is the OME Id of Generate's first device. Quirks use
// Ids below it, so the two sets can be served together.
const firstGeneratedID = 20000

// genSpec is all a generated device stores: the rest is derived on use.
type genSpec struct {
	seed  int64
	index int32
}

func (g *genSpec) id() int { return firstGeneratedID + int(g.index) }

// Generate returns n deterministic devices for seed: per 20 devices, 13
// servers (3 of them MX sleds in the block's chassis), 3 chassis, 3 IOMs
// (Type 4000 and 8000) and 1 storage array. Ids run from 20000; service
// tags are 7 upper-case characters starting with a digit, so they never
// collide with Quirks. The devices are compact (see Device); memory stays
// near 50 bytes per device.
func Generate(seed int64, n int) []Device {
	devs := make([]Device, n)
	specs := make([]genSpec, n)
	for i := range devs {
		specs[i] = genSpec{seed: seed, index: int32(i)}
		devs[i].gen = &specs[i]
	}

	return devs
}

// role is the part a block slot plays.
type role int

const (
	roleRack role = iota
	roleSled
	roleChassis
	roleIOM
	roleStorageIOM
	roleStorage
)

// blockRoles lays out each block of 20 generated devices.
var blockRoles = [20]role{
	roleChassis, roleIOM, roleSled, roleSled, roleRack, roleRack, roleRack, roleRack,
	roleRack, roleRack, roleChassis, roleStorageIOM, roleSled, roleRack, roleRack,
	roleChassis, roleIOM, roleRack, roleRack, roleStorage,
}

// chassisSlot is the block slot of the chassis a sled or IOM sits in.
func chassisSlot(slot int) int {
	switch {
	case slot < 10:
		return 0
	case slot < 15:
		return 10
	}

	return 15
}

// model is a device model with its SystemId and server generation.
type model struct {
	name     string
	systemID int
	gen      int
}

var (
	rackModels = []model{
		{"PowerEdge R640", 1814, 14}, {"PowerEdge R740", 1815, 14},
		{"PowerEdge R650", 2300, 15}, {"PowerEdge R750", 2301, 15},
		{"PowerEdge R660", 2480, 16}, {"PowerEdge R760", 2481, 16},
	}
	sledModels = []model{
		{"PowerEdge MX740c", 1893, 14}, {"PowerEdge MX840c", 1894, 14},
		{"PowerEdge MX750c", 2302, 15}, {"PowerEdge MX760c", 2482, 16},
	}
	chassisModels = []model{{"PowerEdge MX7000", 2031, 0}}
	iomModels     = []model{
		{"MX9116n Fabric Switching Engine", 2032, 0}, {"MX5108n Ethernet Switch", 2033, 0},
	}
	storageIOMModels = []model{{"MX5000s SAS Switch", 2034, 0}}
	storageModels    = []model{{"PowerVault ME5024", 2090, 0}, {"PowerVault ME4024", 2091, 0}}
)

// profile is the scalar description of one device, from which its JSON
// object and inventory are built.
type profile struct {
	seed       int64
	index      int
	id         int
	typ        int
	role       role
	model      model
	tag        string
	chassisTag string // "" means null
	chassisIP  string
	name       string
	power      int
	status     int
	ipv4       string
	ipv6       string // bracketed; "" when the device has no IPv6 entry
	mac        string
	idrac      string
	lastInv    time.Time
	noDisks    bool // no serverArrayDisks type (boots from BOSS or SD)
	noOS       bool // serverOperatingSystems is []

	// Overrides used by Quirks; generated devices leave them unset.
	hw      *hardware
	comps   []component
	mgmtSet bool
	mgmtFix []mgmtEntry
}

// rng returns the deterministic random stream of a device and a purpose.
func rng(seed int64, index int, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), mix(uint64(index))^salt))
}

// profile derives the generated device's profile.
func (g *genSpec) profile() profile {
	i := int(g.index)
	slot := i % 20
	r := rng(g.seed, i, 0)
	p := profile{seed: g.seed, index: i, id: g.id(), role: blockRoles[slot]}
	p.tag = genTag(g.seed, i)
	p.ipv4 = genIPv4(i)
	p.mac = fmt.Sprintf("d0:8e:79:%02x:%02x:%02x", i>>16&0xff, i>>8&0xff, i&0xff)
	p.power = pick(r, []int{17, 17, 17, 17, 17, 17, 17, 17, 18, 18, 20})
	p.status = pick(r, []int{1000, 1000, 1000, 1000, 1000, 1000, 1000, 3000, 3000, 4000})
	p.lastInv = inventoryBase.Add(-time.Duration(r.IntN(86400000)) * time.Millisecond)
	p.applyRole(r, g.seed, i-slot+chassisSlot(slot))

	return p
}

// inventoryBase anchors generated timestamps (fixed, so output is stable).
var inventoryBase = time.Date(2024, 5, 6, 2, 0, 0, 0, time.UTC)

// applyRole sets the fields that depend on the device's role.
func (p *profile) applyRole(r *rand.Rand, seed int64, chassisIndex int) {
	switch p.role {
	case roleRack, roleSled:
		p.applyServer(r, seed, chassisIndex)
	case roleChassis:
		p.typ, p.model = 2000, pick(r, chassisModels)
		p.name = fmt.Sprintf("mx-chassis-%05d.example.com", p.index)
	case roleIOM, roleStorageIOM:
		p.typ, p.model = 4000, pick(r, iomModels)
		if p.role == roleStorageIOM {
			p.typ, p.model = 8000, pick(r, storageIOMModels)
		}

		p.name = fmt.Sprintf("iom-%05d", p.index)
		p.chassisTag, p.chassisIP = genTag(seed, chassisIndex), genIPv4(chassisIndex)
	default:
		p.typ, p.model = 3000, pick(r, storageModels)
		p.name = fmt.Sprintf("me-array-%05d.example.com", p.index)
	}
}

// applyServer sets server fields: model, name, addresses, firmware.
func (p *profile) applyServer(r *rand.Rand, seed int64, chassisIndex int) {
	p.typ = 1000
	p.chassisTag = p.tag
	p.model = pick(r, rackModels)
	if p.role == roleSled {
		p.model = pick(r, sledModels)
		p.chassisTag, p.chassisIP = genTag(seed, chassisIndex), genIPv4(chassisIndex)
	}

	p.name = fmt.Sprintf("esx%05d.example.com", p.index)
	if r.IntN(20) == 0 {
		p.name = p.ipv4
	}

	if r.IntN(7) == 0 {
		p.ipv6 = fmt.Sprintf("[2001:db8:100::%x]", p.index+1)
	}

	p.idrac = pick(r, idracVersions[p.model.gen])
	p.noDisks = r.IntN(10) == 0
	p.noOS = r.IntN(12) == 0
}

// idracVersions are the iDRAC firmware versions per server generation,
// oldest first.
var idracVersions = map[int][]string{
	14: {"6.10.80.00", "7.00.00.171"},
	15: {"6.10.80.00", "7.00.60.00", "7.10.30.00"},
	16: {"7.00.60.00", "7.10.30.00", "7.10.50.00"},
}

// biosVersions are BIOS versions per server generation, oldest first.
var biosVersions = map[int][]string{
	14: {"2.16.1", "2.17.1", "2.18.1", "2.19.1"},
	15: {"1.9.2", "1.10.2", "1.11.2", "1.12.1"},
	16: {"1.4.4", "1.5.6", "1.6.6", "2.1.5"},
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// tagAlphabet is the character set of service tags.
const tagAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// genTag derives a unique 7-character tag: a digit, then six characters
// from a bijection of the index (so tags never repeat within a seed).
func genTag(seed int64, index int) string {
	const space = 36 * 36 * 36 * 36 * 36 * 36
	v := (uint64(index)*1000003 + mix(uint64(seed))%space) % space
	var b [7]byte
	b[0] = '1' + byte(mix(uint64(seed)^uint64(index))%9)
	for i := 6; i >= 1; i-- {
		b[i] = tagAlphabet[v%36]
		v /= 36
	}

	return string(b[:])
}

// genIPv4 picks an address from the documentation ranges; they hold 508
// addresses, so addresses repeat in fleets larger than that.
func genIPv4(index int) string {
	k := index % 508
	if k < 254 {
		return fmt.Sprintf("192.0.2.%d", k+1)
	}

	return fmt.Sprintf("198.51.100.%d", k-253)
}

// entry indexes the profile for filtering and ordering.
func (p profile) entry() *entry {
	e := &entry{rank: mix(uint64(p.id))}
	e.num = [numIntFields]int{p.id, p.typ, p.power, p.status, p.model.systemID}
	e.str = [numStrFields]string{p.tag, p.tag, p.chassisTag, p.name, p.model.name}
	if p.chassisTag == "" {
		e.null |= 1 << sChassisTag
	}

	for _, m := range p.mgmt() {
		e.addrs = append(e.addrs, m.addr)
	}

	return e
}

// dnsName is the iDRAC DNS name: idrac-<tag in lower case>, or
// idrac-<Id> when the tag is not a clean 7-character tag.
func (p profile) dnsName() string {
	if len(p.tag) == 7 && strings.Trim(p.tag, tagAlphabet) == "" {
		return "idrac-" + strings.ToLower(p.tag)
	}

	return "idrac-" + strconv.Itoa(p.id)
}
