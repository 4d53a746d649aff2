//go:build !windows

package main

import (
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeSecret(t, tt.content, tt.mode)
			got, err := readSecretFile(path)
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

	if _, err := readSecretFile(path); err == nil || !strings.Contains(err.Error(), "its group") {
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
		_, err := readSecretFile(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "chmod") {
			t.Errorf("readSecretFile(%s) error = %v, want %q without chmod advice", tt.path, err, tt.want)
		}
	}
}
