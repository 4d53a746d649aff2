//go:build !windows

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSecret(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}

	return path
}

func TestReadSecretFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		want    string
		wantSub string
	}{
		{"owner only", "s3cret\n", 0o600, "s3cret", ""},
		{"read only", "  s3cret  \nsecond line\n", 0o400, "s3cret", ""},
		{"own group may read", "s3cret", 0o640, "s3cret", ""},
		{"others may read", "s3cret", 0o644, "", "chmod 600"},
		{"others only", "s3cret", 0o604, "", "other users"},
		{"group may write", "s3cret", 0o660, "", "chmod 600"},
		{"empty", "\n", 0o600, "", "is empty"},
		{"windows line ending", "s3cret\r\n", 0o600, "s3cret", ""},
		{"utf-8 byte order mark", "\ufeffs3cret\r\n", 0o600, "s3cret", ""},
		{"blank first line", "\n\ns3cret\n", 0o600, "", "the first line of "},
		{"spaces only on the first line", " \t \ns3cret", 0o600, "", "put the secret alone on the first line"},
		{"utf-16le with its mark", "\xff\xfes\x003\x00c\x00\n\x00", 0o600, "", "save it as UTF-8"},
		{"utf-16be with its mark", "\xfe\xff\x00s\x003\x00c", 0o600, "", "save it as UTF-8"},
		{"utf-16 without a mark", "s\x003\x00c\x00", 0o600, "", "save it as UTF-8"},
		{"a nul byte on a later line", "s3cret\n\x00", 0o600, "", "save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeSecret(t, tt.content, tt.mode)
			got, err := readSecretFile(path, "")
			if tt.wantSub != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantSub) || strings.Contains(err.Error(), "s3cret") {
					t.Fatalf("readSecretFile error = %v, want %q and no secret", err, tt.wantSub)
				}

				return
			}

			if err != nil || got != tt.want {
				t.Fatalf("readSecretFile = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestSecretFileForeignGroup: a group-readable file of a group this
// process is not in is refused. Changing a file's group needs root.
func TestSecretFileForeignGroup(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file a foreign group")
	}

	path := writeSecret(t, "s3cret", 0o640)
	if err := os.Chown(path, -1, 54321); err != nil {
		t.Fatal(err)
	}

	_, err := readSecretFile(path, "")
	if err == nil || !strings.Contains(err.Error(), "its group") {
		t.Fatalf("readSecretFile(group 54321, 0640) error = %v, want refused", err)
	}
}

// TestReadSecretFileNotRegular: a directory or a device is named as such,
// not given permission advice.
func TestReadSecretFileNotRegular(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ path, want string }{
		{t.TempDir(), "is not a regular file (it is a directory)"},
		{os.DevNull, "is not a regular file (it is a device)"},
		{filepath.Join(t.TempDir(), "missing"), "missing does not exist"},
	} {
		_, err := readSecretFile(tt.path, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "chmod") {
			t.Errorf("readSecretFile(%s) error = %v, want %q without chmod advice", tt.path, err, tt.want)
		}
	}
}

// credentialFile writes a secret of mode 0440 into dir/name, owned by a
// group this process is not in, as systemd's LoadCredential leaves it
// (0400 and an ACL for the service's user, whose mask shows as 0440).
func credentialFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := os.Chown(path, -1, 54321); err != nil {
		t.Fatal(err)
	}

	if err := os.Chmod(path, 0o440); err != nil {
		t.Fatal(err)
	}

	return path
}

// TestSecretFileInCredentialsDirectory: a group-readable file of a foreign
// group is accepted inside $CREDENTIALS_DIRECTORY (read through the CLI's
// getenv) and refused anywhere else, also when a "../" or a link inside
// the directory leads out of it.
func TestSecretFileInCredentialsDirectory(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file a foreign group")
	}

	creds, outside := t.TempDir(), t.TempDir()
	inside := credentialFile(t, creds, "ome-password")
	elsewhere := credentialFile(t, outside, "ome-password")
	links(t, creds, outside)
	for _, tt := range []struct {
		name, path, credDir string
		ok                  bool
	}{
		{"inside", inside, creds, true},
		{"inside, written with ./", creds + "/./ome-password", creds, true},
		{"no credentials directory", inside, "", false},
		{"outside", elsewhere, creds, false},
		{"../ out of it", creds + "/../" + filepath.Base(outside) + "/ome-password", creds, false},
		{"../ behind a link", creds + "/deep/../ome-password", creds, false},
		{"link out of it", creds + "/out", creds, false},
	} {
		env := map[string]string{"CREDENTIALS_DIRECTORY": tt.credDir}
		_, err := readSecretVia(t, env, tt.path)
		refused := err != nil && strings.Contains(err.Error(), "lets its group read")
		if tt.ok != (err == nil) || (err != nil && !refused) {
			t.Errorf("%s: error = %v, want accepted %v (else refused for its group)",
				tt.name, err, tt.ok)
		}
	}
}

// links makes creds/out a link to outside/ome-password and creds/deep one
// to the directory outside/deep, so that creds/deep/../ome-password reads
// like a file in creds but opens outside/ome-password.
func links(t *testing.T, creds, outside string) {
	t.Helper()
	if err := os.Mkdir(filepath.Join(outside, "deep"), 0o700); err != nil {
		t.Fatal(err)
	}

	for name, target := range map[string]string{"out": "ome-password", "deep": "deep"} {
		err := os.Symlink(filepath.Join(outside, target), filepath.Join(creds, name))
		if err != nil {
			t.Fatal(err)
		}
	}
}

// readSecretVia parses --ome-password-file path with env and reads it.
func readSecretVia(t *testing.T, env map[string]string, path string) (string, error) {
	t.Helper()
	o, err := parseArgs([]string{"--ome-password-file", path}, envFunc(env), io.Discard)
	if err != nil {
		t.Fatal(err)
	}

	err = o.readSecretFiles()

	return o.cfg.OMEPassword, err
}

// TestCredentialsDirStillRefusesOthers: inside $CREDENTIALS_DIRECTORY a
// file that every user may read is still refused.
func TestCredentialsDirStillRefusesOthers(t *testing.T) {
	t.Parallel()
	path := writeSecret(t, "s3cret", 0o444)
	env := map[string]string{"CREDENTIALS_DIRECTORY": filepath.Dir(path)}
	_, err := readSecretVia(t, env, path)
	if err == nil || !strings.Contains(err.Error(), "other users") {
		t.Errorf("0444 in the credentials directory: error = %v, want refused", err)
	}
}

// TestInCredentialsDir checks the path rule alone, without root: the file
// must lie inside the directory once links and "../" are resolved.
func TestInCredentialsDir(t *testing.T) {
	t.Parallel()
	creds, outside := t.TempDir(), t.TempDir()
	inside := writeFile(t, filepath.Join(creds, "sub", "ome-password"))
	writeFile(t, filepath.Join(creds, "ome-password"))
	elsewhere := writeFile(t, filepath.Join(outside, "ome-password"))
	links(t, creds, outside)
	linkDir := filepath.Join(outside, "creds")
	if err := os.Symlink(creds, linkDir); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name, path, dir string
		want            bool
	}{
		{"inside", inside, creds, true},
		{"directory given through a link", inside, linkDir, true},
		{"file through the linked directory", linkDir + "/sub/ome-password", creds, true},
		{"sub/../", creds + "/sub/../ome-password", creds, true},
		{"unset", inside, "", false},
		{"outside", elsewhere, creds, false},
		{"../ out of it", creds + "/../" + filepath.Base(outside) + "/ome-password", creds, false},
		{"../ behind a link", creds + "/deep/../ome-password", creds, false},
		{"link out of it", creds + "/out", creds, false},
		{"the directory itself", creds, creds, false},
	} {
		info, err := os.Stat(tt.path)
		if err != nil {
			t.Fatal(err)
		}

		if got := inCredentialsDir(tt.path, info, tt.dir); got != tt.want {
			t.Errorf("%s: inCredentialsDir(%s, %s) = %v, want %v",
				tt.name, tt.path, tt.dir, got, tt.want)
		}
	}
}

// writeFile writes a file at path, creating its directory.
func writeFile(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}

	return path
}
