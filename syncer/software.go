package syncer

import (
	"strings"

	"github.com/dsmtools/omesync/ome"
)

// installedVersion is the version of the first row that match selects,
// preferring a row marked installed (Status "Installed" or an InstanceId
// starting "DCIM:INSTALLED#") to an unmarked one. Rows marked as staged or
// old images (Status "Available", "DCIM:CURRENT#", "DCIM:PREVIOUS#") never
// count.
func installedVersion(rows []ome.Software, match func(ome.Software) bool) string {
	var unmarked string
	for _, r := range rows {
		v := strings.TrimSpace(r.Version)
		if v == "" || !match(r) {
			continue
		}

		switch installState(r) {
		case stateInstalled:
			return v
		case stateUnmarked:
			if unmarked == "" {
				unmarked = v
			}
		}
	}

	return unmarked
}

type softwareState int

const (
	stateImage softwareState = iota
	stateUnmarked
	stateInstalled
)

// installState classifies a deviceSoftware row.
func installState(r ome.Software) softwareState {
	id := strings.ToUpper(r.InstanceID)
	switch {
	case strings.EqualFold(r.Status, "Available"),
		strings.HasPrefix(id, "DCIM:CURRENT#"), strings.HasPrefix(id, "DCIM:PREVIOUS#"):
		return stateImage
	case strings.EqualFold(r.Status, "Installed"), strings.HasPrefix(id, "DCIM:INSTALLED#"):
		return stateInstalled
	case r.Status == "" && !strings.HasPrefix(id, "DCIM:"):
		return stateUnmarked
	}

	return stateImage
}

// isBIOS selects the system BIOS row.
func isBIOS(r ome.Software) bool {
	return strings.EqualFold(r.SoftwareType, "BIOS")
}

// isIDRAC selects the iDRAC firmware row: its InstanceId names
// iDRAC.Embedded; a row without an InstanceId is known by its description.
func isIDRAC(r ome.Software) bool {
	if r.InstanceID != "" {
		return strings.Contains(strings.ToLower(r.InstanceID), "idrac.embedded")
	}

	return strings.EqualFold(strings.TrimSpace(r.DeviceDescription),
		"Integrated Dell Remote Access Controller")
}

// latestIDRACProfile is the Version of the iDRAC management profile with
// the latest StatusDateTime (the first of equals; a missing time is oldest).
func latestIDRACProfile(entries []ome.DeviceManagement) string {
	var best *ome.ManagementProfile
	for i := range entries {
		for j := range entries[i].ManagementProfile {
			p := &entries[i].ManagementProfile[j]
			if !strings.EqualFold(p.AgentName, "iDRAC") || strings.TrimSpace(p.Version) == "" {
				continue
			}

			if best == nil || newer(p, best) {
				best = p
			}
		}
	}

	if best == nil {
		return ""
	}

	return strings.TrimSpace(best.Version)
}

// newer is true when a's StatusDateTime is after b's.
func newer(a, b *ome.ManagementProfile) bool {
	if a.StatusDateTime == nil {
		return false
	}

	return b.StatusDateTime == nil || a.StatusDateTime.After(b.StatusDateTime.Time)
}

// capabilityVersion is the Version of the object-form capability with this
// name (older documented shape), or "".
func capabilityVersion(caps ome.DeviceCapabilities, name string) string {
	for _, c := range caps {
		if strings.EqualFold(strings.TrimSpace(c.Name), name) {
			if v := strings.TrimSpace(c.Version); v != "" {
				return v
			}
		}
	}

	return ""
}
