//go:build !windows

package main

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// checkSecretPerm refuses a secret file that others can read or anyone
// but its owner can write. A group-readable file is accepted only when its
// group is one of this process's own groups (Kubernetes forces mode 0440
// and the pod's fsGroup on mounted secrets, and a user's private group
// holds only that user), or when it is a systemd credential (inCred):
// systemd writes those 0400 as root and lets the service's user read
// them through an ACL, whose mask shows as the group's bits (0440).
func checkSecretPerm(path string, info fs.FileInfo, inCred bool) error {
	mode := info.Mode().Perm()
	switch {
	case mode&0o007 != 0:
		return permError(path, mode, "other users")
	case mode&0o020 != 0:
		return permError(path, mode, "its group (writable)")
	case mode&0o040 != 0 && !inCred && !ownGroup(info):
		return permError(path, mode, "its group")
	}

	return nil
}

func permError(path string, mode fs.FileMode, who string) error {
	return fmt.Errorf("refusing secret file %s: mode %04o lets %s read or change it; "+
		"run: chmod 600 %s", path, mode, who, path)
}

// ownGroup reports whether the file's group is this process's group or one
// of its supplementary groups.
func ownGroup(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}

	gid := int(st.Gid)
	if gid == os.Getegid() {
		return true
	}

	groups, err := os.Getgroups()

	return err == nil && slices.Contains(groups, gid)
}
