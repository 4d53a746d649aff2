package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxSecretFile bounds what is read of a secret file: a password or a
// token is far shorter.
const maxSecretFile = 64 << 10

// utf8BOM starts files saved by some Windows editors (Notepad).
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readSecretFile returns the secret of a file: its first line, without a
// UTF-8 byte order mark and trimmed of spaces, tabs, CR and LF. It refuses
// a file that other users can read (see checkSecretPerm for the rule of
// each OS) and anything but a regular file or a pipe (as from a shell's
// <(command)), and says so when the first line is empty. credDir is
// $CREDENTIALS_DIRECTORY, where systemd puts a service's credentials ("" when
// unset).
func readSecretFile(path, credDir string) (string, error) {
	return readCheckedFile(path, func(f *os.File) error {
		return checkSecretFile(path, f, credDir)
	})
}

// readCheckedFile opens path, lets check refuse the open file, and
// returns its secret (firstLine).
func readCheckedFile(path string, check func(f *os.File) error) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s does not exist", path)
	}

	if err != nil {
		return "", err
	}
	defer f.Close()

	if err := check(f); err != nil {
		return "", err
	}

	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}

	return firstLine(path, b)
}

// checkSecretFile refuses a directory, a device or a socket, then a file
// that others may read.
func checkSecretFile(path string, f *os.File, credDir string) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}

	if !info.Mode().IsRegular() && info.Mode().Type() != fs.ModeNamedPipe {
		return fmt.Errorf("%s is not a regular file (it is a %s); give the file that holds the secret",
			path, fileKind(info.Mode()))
	}

	return checkSecretPerm(path, info, inCredentialsDir(path, info, credDir))
}

// inCredentialsDir reports whether the opened file (info) is the file at
// path and lies inside dir, the directory where systemd put this
// service's credentials. Both paths are made absolute with their symbolic
// links resolved, so that neither "../" nor a link leads out of dir.
func inCredentialsDir(path string, info fs.FileInfo, dir string) bool {
	if dir == "" {
		return false
	}

	file, err := realPath(path)
	if err != nil {
		return false
	}

	base, err := realPath(dir)
	if err != nil {
		return false
	}

	rel, err := filepath.Rel(base, file)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return false
	}

	now, err := os.Stat(file)

	return err == nil && os.SameFile(info, now)
}

// realPath is path made absolute with every link resolved. A relative
// path is joined to the working directory by hand: filepath.Abs would
// clean a "../" away before the link in front of it is resolved.
func realPath(path string) (string, error) {
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}

		path = wd + string(filepath.Separator) + path
	}

	return filepath.EvalSymlinks(path)
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	}

	return "special file"
}

// firstLine is the secret in b; an empty first line is an error even when
// a later line holds text, so that a stray blank line is not taken for
// the secret. A file in UTF-16 is refused: its secret would be read with
// a NUL byte after each letter.
func firstLine(path string, b []byte) (string, error) {
	if isUTF16(b) {
		return "", fmt.Errorf("%s is not UTF-8 text: it holds a UTF-16 byte order mark or NUL "+
			"bytes (an editor's \"Unicode\" encoding); save it as UTF-8", path)
	}

	b = bytes.TrimPrefix(b, utf8BOM)
	line, _, _ := bytes.Cut(b, []byte("\n"))
	secret := string(bytes.Trim(line, " \t\r"))
	if secret == "" {
		return "", fmt.Errorf("the first line of %s is empty; put the secret alone on the first line", path)
	}

	return secret, nil
}

// isUTF16 reports whether b starts with a UTF-16 byte order mark (FF FE
// or FE FF) or holds a NUL byte, which UTF-8 text never does.
func isUTF16(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) ||
		bytes.IndexByte(b, 0) >= 0
}
