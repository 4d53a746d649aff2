package ome

import "strings"

// BIOSVersion returns the version of the installed BIOS from deviceSoftware.
// Only the running image counts: Status "Installed" or an InstanceId
// starting with DCIM:INSTALLED#; the CURRENT and PREVIOUS rows hold staged
// and rollback images. A row with no install marker at all is used only
// when no row is marked installed.
func (inv *Inventory) BIOSVersion() (string, bool) {
	return installedVersion(inv.Software, isBIOS)
}

// IDRACVersion returns the version of the installed iDRAC firmware from
// deviceSoftware, chosen as BIOSVersion chooses.
func (inv *Inventory) IDRACVersion() (string, bool) {
	return installedVersion(inv.Software, isIDRAC)
}

// installedVersion picks the version of the running component that match accepts.
func installedVersion(rows []Software, match func(Software) bool) (string, bool) {
	fallback, found := "", false
	for _, r := range rows {
		if !match(r) || r.Version == "" {
			continue
		}

		if r.installed() {
			return r.Version, true
		}

		if !found && r.unmarked() {
			fallback, found = r.Version, true
		}
	}
	return fallback, found
}

// installed reports whether the row is the running image.
func (s Software) installed() bool {
	return strings.EqualFold(s.Status, "Installed") ||
		strings.HasPrefix(strings.ToUpper(s.InstanceID), "DCIM:INSTALLED#")
}

// unmarked reports whether the row says nothing about being installed.
func (s Software) unmarked() bool {
	return s.Status == "" && !strings.HasPrefix(strings.ToUpper(s.InstanceID), "DCIM:")
}

// isBIOS recognises the system BIOS row.
func isBIOS(s Software) bool {
	return strings.EqualFold(s.SoftwareType, "BIOS") || strings.Contains(s.InstanceID, "BIOS.Setup.1-1")
}

// isIDRAC recognises the iDRAC firmware row (not the Lifecycle Controller).
func isIDRAC(s Software) bool {
	return strings.Contains(s.InstanceID, "iDRAC.Embedded") ||
		strings.EqualFold(s.DeviceDescription, "Integrated Dell Remote Access Controller")
}
