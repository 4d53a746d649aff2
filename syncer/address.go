package syncer

import (
	"net/netip"
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// hostname is DeviceName when it is a host name; otherwise the first
// InstrumentationName (the OS host name) of any management entry that is a
// host name, then the first such DnsName (the iDRAC's name); otherwise "".
func hostname(d *ome.Device) string {
	if isHostName(d.DeviceName) {
		return strings.TrimSpace(d.DeviceName)
	}

	for _, m := range d.DeviceManagement {
		if isHostName(m.InstrumentationName) {
			return strings.TrimSpace(m.InstrumentationName)
		}
	}

	for _, m := range d.DeviceManagement {
		if isHostName(m.DNSName) {
			return strings.TrimSpace(m.DNSName)
		}
	}

	return ""
}

// isHostName is false for "", "localhost" (with or without a domain) and
// IP literals, bracketed or not.
func isHostName(s string) bool {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	if s == "" || lower == "localhost" || strings.HasPrefix(lower, "localhost.") {
		return false
	}

	_, isIP := parseIP(s)

	return !isIP
}

// managementIP is the first usable IPv4 address of the entries, else the
// first usable IPv6 address, in canonical form.
func managementIP(entries []ome.DeviceManagement) string {
	var v6 netip.Addr
	for _, m := range entries {
		ip, ok := parseIP(m.NetworkAddress)
		if !ok || !usableIP(ip) {
			continue
		}

		if ip.Is4() {
			return ip.String()
		}

		if !v6.IsValid() {
			v6 = ip
		}
	}

	if !v6.IsValid() {
		return ""
	}

	return v6.String()
}

// unbracket trims spaces and the brackets of an IPv6 literal.
func unbracket(s string) string {
	s = strings.TrimSpace(s)

	return strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
}

// parseIP reads an IP literal, brackets and spaces allowed around it.
// An IPv4-mapped IPv6 address reads as IPv4.
func parseIP(s string) (netip.Addr, bool) {
	ip, err := netip.ParseAddr(unbracket(s))
	if err != nil {
		return netip.Addr{}, false
	}

	return ip.Unmap(), true
}

// broadcast is the IPv4 limited broadcast address.
var broadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// usableIP is true for an address that can reach a management controller
// from elsewhere: not unspecified (0.0.0.0, ::), loopback, multicast or
// the broadcast address, not link-local (169.254.0.0/16, fe80::/10) and
// without a zone, which only means something on the host that wrote it.
func usableIP(ip netip.Addr) bool {
	return ip.IsValid() && ip.Zone() == "" && !ip.IsUnspecified() && !ip.IsLoopback() &&
		!ip.IsMulticast() && !ip.IsLinkLocalUnicast() && ip != broadcast
}
