package ome

import (
	"net/netip"
	"strings"
)

// broadcast4 is the IPv4 limited broadcast address.
var broadcast4 = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// UsableIP reports whether a can reach a management controller from
// another host: it is valid and not unspecified (0.0.0.0, ::), loopback,
// multicast, link-local (169.254.0.0/16, fe80::/10) or the IPv4 broadcast
// address 255.255.255.255, and it has no zone (fe80::1%eth0), which only
// means something on the host that wrote it. An IPv4-mapped IPv6 address
// is judged as the IPv4 address it carries.
func UsableIP(a netip.Addr) bool {
	if !a.IsValid() || a.Zone() != "" {
		return false
	}

	a = a.Unmap()
	return !a.IsUnspecified() && !a.IsLoopback() && !a.IsMulticast() &&
		!a.IsLinkLocalUnicast() && a != broadcast4
}

// Addr parses NetworkAddress: brackets around IPv6 are removed, IPv4-mapped
// IPv6 reads as IPv4. ok is false for an empty or unparsable address and
// for one that UsableIP rejects: unset ("", "[::]", "0.0.0.0"), loopback,
// multicast, broadcast, link-local (fe80::, 169.254.x.x) or zoned.
func (m DeviceManagement) Addr() (netip.Addr, bool) {
	s := strings.TrimSpace(m.NetworkAddress)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")

	a, err := netip.ParseAddr(s)
	if err != nil || !UsableIP(a) {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// ManagementIPv4 returns the first usable IPv4 address of the device's
// management interfaces.
func (d *Device) ManagementIPv4() (netip.Addr, bool) {
	return d.firstAddr(netip.Addr.Is4)
}

// ManagementIPv6 returns the first usable IPv6 address of the device's
// management interfaces, without brackets.
func (d *Device) ManagementIPv6() (netip.Addr, bool) {
	return d.firstAddr(netip.Addr.Is6)
}

// ManagementIP returns the first usable IPv4 address, or else the first
// usable IPv6 address (usable as UsableIP says). An empty DeviceManagement,
// or one with only link-local or other unusable addresses, gives false.
func (d *Device) ManagementIP() (netip.Addr, bool) {
	if a, ok := d.ManagementIPv4(); ok {
		return a, true
	}
	return d.ManagementIPv6()
}

// firstAddr returns the first usable address that want accepts.
func (d *Device) firstAddr(want func(netip.Addr) bool) (netip.Addr, bool) {
	for _, m := range d.DeviceManagement {
		if a, ok := m.Addr(); ok && want(a) {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// IDRACProfile returns the iDRAC management profile with the latest
// StatusDateTime. Devices may list an old and a new iDRAC profile with
// different versions; the latest one is current.
func (d *Device) IDRACProfile() (ManagementProfile, bool) {
	var best ManagementProfile
	found := false
	for _, m := range d.DeviceManagement {
		for _, p := range m.ManagementProfile {
			if !strings.EqualFold(p.AgentName, "iDRAC") {
				continue
			}

			if !found || p.statusTime().After(best.statusTime().Time) {
				best, found = p, true
			}
		}
	}
	return best, found
}

// IDRACVersion returns the Version of IDRACProfile. The inventory's
// deviceSoftware (Inventory.IDRACVersion) is the more reliable source.
func (d *Device) IDRACVersion() (string, bool) {
	p, ok := d.IDRACProfile()
	if !ok || p.Version == "" {
		return "", false
	}
	return p.Version, true
}

// statusTime returns StatusDateTime, zero when absent.
func (p ManagementProfile) statusTime() (t Timestamp) {
	if p.StatusDateTime != nil {
		t = *p.StatusDateTime
	}
	return t
}
