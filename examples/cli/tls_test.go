package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCABundleErrorsNameTheVariable: a CA bundle that is missing, a
// directory or holds no PEM certificate exits 2 naming OME_CA_CERT and
// --ca-cert.
func TestCABundleErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(empty, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	ca := func(path string) map[string]string {
		return s.with(map[string]string{"OME_CA_CERT": path})
	}
	gone := filepath.Join(dir, "gone.pem")
	const names = "OME_CA_CERT (--ca-cert) "
	checkExits(t, []string{"check"}, []exitCase{
		{"missing", ca(gone), exitConfig, names + gone + ": the CA bundle does not exist"},
		{"directory", ca(dir), exitConfig, names + dir + " is a directory"},
		{"no PEM", ca(empty), exitConfig, names + empty + " holds no PEM certificate"},
	})
}

// TestVerifyOffWithCABundle: turning verification off while giving a CA
// bundle contradicts itself and exits 2, whichever way each is given.
func TestVerifyOffWithCABundle(t *testing.T) {
	t.Parallel()
	s := startSims(t, handDevices())
	const want = "drop one"
	checkExits(t, []string{"check"}, []exitCase{
		{"env", s.with(map[string]string{"OME_VERIFY_SSL": "false"}), exitConfig, want},
	})
	checkExits(t, []string{"check", "--ome-verify-ssl=false"}, []exitCase{
		{"flag", s.env, exitConfig, want},
	})
	checkExits(t, []string{"check", "--ome-verify-ssl=false", "--ca-cert", ""}, []exitCase{
		{"flag without CA", s.env, exitOK, "WARN: OME_VERIFY_SSL (--ome-verify-ssl) is false"},
	})
}
