package main

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dsmtools/omesync/dsm"
)

// refreshMode starts the simulators, writes a refresh token that DSM
// issued to a file of mode 0600, and returns the environment of the
// refresh mode, the file and the token.
func refreshMode(t *testing.T) (*sims, map[string]string, string, string) {
	t.Helper()
	s := startSims(t, handDevices())
	path := filepath.Join(t.TempDir(), "dsm-refresh")
	first := s.dsm.IssueRefreshToken(testDSMEmail)
	writeRefreshFile(t, path, first)
	env := s.with(map[string]string{"DSM_JWT_TOKEN": "", "DSM_API_KEY": testDSMAPIKey,
		"DSM_REFRESH_TOKEN_FILE": path})

	return s, env, path, first
}

func writeRefreshFile(t *testing.T, path, token string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// readRotated returns the file's token and fails unless it differs from
// before and the file is of mode 0600 (on Unix).
func readRotated(t *testing.T, path, before string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	got := strings.TrimSpace(string(b))
	if got == "" || got == before {
		t.Errorf("the refresh token file holds %d chars, the same token: %v; want a new one",
			len(got), got == before)
	}

	info, err := os.Stat(path)
	if err == nil && runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("refresh token file mode = %04o, want 0600", info.Mode().Perm())
	}

	return got
}

// TestRefreshTokenFileSync: a sync in the refresh mode posts the devices
// and leaves a new refresh token in the file, with mode 0600; a second
// run, given the file by its flag, starts from that one and works again.
func TestRefreshTokenFileSync(t *testing.T) {
	t.Parallel()
	s, env, path, first := refreshMode(t)
	code, stdout, stderr := runCLI(t, env, "--debug")
	if code != exitOK || len(s.dsm.Store()) != 2 {
		t.Fatalf("exit %d, %d records in DSM; want 0 and 2; stderr:\n%s",
			code, len(s.dsm.Store()), stderr)
	}

	second := readRotated(t, path, first)
	checkNoSecrets(t, s, stdout+stderr)

	delete(env, "DSM_REFRESH_TOKEN_FILE")
	code, stdout, stderr = runCLI(t, env, "--dsm-refresh-token-file", path)
	if code != exitOK {
		t.Fatalf("second run: exit %d, want 0; stderr:\n%s", code, stderr)
	}

	readRotated(t, path, second)
	checkNoSecrets(t, s, stdout+stderr)
}

// TestRefreshTokenSpent: a refresh token that was used already is
// refused by the auth server; the run exits 1 before it reads OME, and
// says to put a fresh token in the file or to sign in with a password.
func TestRefreshTokenSpent(t *testing.T) {
	t.Parallel()
	s, env, path, first := refreshMode(t)
	if code, _, stderr := runCLI(t, env); code != exitOK {
		t.Fatalf("first run: exit %d, want 0; stderr:\n%s", code, stderr)
	}

	writeRefreshFile(t, path, first)
	logins := s.ome.Logins()
	code, stdout, stderr := runCLI(t, env)
	if code != exitFailed || !strings.Contains(stderr, "refresh_token_already_used") ||
		!strings.Contains(stderr, "put a fresh refresh token in the file of --dsm-refresh") ||
		!strings.Contains(stderr, "sign in with DSM_EMAIL, DSM_PASSWORD and DSM_API_KEY") {
		t.Errorf("exit %d, want 1 with the advice; stderr:\n%s", code, stderr)
	}

	if s.ome.Logins() != logins {
		t.Errorf("OME was read although the DSM token was refused")
	}

	checkNoSecrets(t, s, stdout+stderr)
}

// TestDSMSignInModesConflict: two DSM sign-in modes at once are a
// configuration error naming both, found before anything is contacted.
func TestDSMSignInModesConflict(t *testing.T) {
	t.Parallel()
	s, env, path, first := refreshMode(t)
	withToken := refreshAt(s.with(map[string]string{"DSM_API_KEY": testDSMAPIKey}), path)
	withSignIn := refreshAt(s.with(signIn), path)
	tokenAndSignIn := s.with(map[string]string{"DSM_EMAIL": testDSMEmail,
		"DSM_PASSWORD": testDSMPassword, "DSM_API_KEY": testDSMAPIKey})
	checkExits(t, nil, []exitCase{
		{"token and refresh file", withToken, exitConfig,
			"a static token (DSM_JWT_TOKEN or --dsm-token-file) and a refresh token file"},
		{"sign-in and refresh file", withSignIn, exitConfig,
			"sign-in (DSM_EMAIL, DSM_PASSWORD or --dsm-password-file) and a refresh token file"},
		{"token and sign-in", tokenAndSignIn, exitConfig, "a static token (DSM_JWT_TOKEN or " +
			"--dsm-token-file) and a password sign-in"},
	})

	code, _, stderr := runCLI(t, env, "--dsm-token-file", path)
	if code != exitConfig || !strings.Contains(stderr, "give exactly one") {
		t.Errorf("--dsm-token-file with a refresh token file: exit %d, want 2; stderr:\n%s",
			code, stderr)
	}

	if s.ome.Logins() != 0 || s.dsm.AuthRequests() != 0 {
		t.Errorf("OME logins %d, DSM auth calls %d; want none",
			s.ome.Logins(), s.dsm.AuthRequests())
	}

	if b, _ := os.ReadFile(path); strings.TrimSpace(string(b)) != first {
		t.Errorf("the refresh token file changed")
	}
}

// TestCheckWithRefreshToken: check validates the refresh token by using
// it, so DSM accepts the new access token, and the file holds the next.
func TestCheckWithRefreshToken(t *testing.T) {
	t.Parallel()
	s, env, path, first := refreshMode(t)
	code, stdout, stderr := runCLI(t, env, "check")
	want := "refresh token from " + path + ", which now holds the next one; " +
		"access token accepted by DSM"
	if code != exitOK || !strings.Contains(stdout, want) ||
		!strings.Contains(stdout, "nothing was written but the refresh token file") {
		t.Errorf("exit %d stdout %q; want 0 and %q; stderr:\n%s", code, stdout, want, stderr)
	}

	readRotated(t, path, first)
	checkNoSecrets(t, s, stdout+stderr)
}

// TestRefreshModeLeftAloneByDryRuns: devices and --dry-run post nothing,
// so they neither check nor rotate the refresh token file.
func TestRefreshModeLeftAloneByDryRuns(t *testing.T) {
	t.Parallel()
	s, env, path, first := refreshMode(t)
	for _, args := range [][]string{{"devices"}, {"--dry-run"}} {
		if code, _, stderr := runCLI(t, env, args...); code != exitOK {
			t.Errorf("%q: exit %d, want 0; stderr:\n%s", args, code, stderr)
		}
	}

	b, _ := os.ReadFile(path)
	if strings.TrimSpace(string(b)) != first || s.dsm.AuthRequests() != 0 {
		t.Errorf("a run that posts nothing used the refresh token (%d auth calls)",
			s.dsm.AuthRequests())
	}
}

// TestRefreshFileRefused: a refresh token file that is missing, that
// others can read, or whose directory this user may not write stops the
// run with exit 2 before anything is contacted.
func TestRefreshFileRefused(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Unix permission bits")
	}

	s, env, path, _ := refreshMode(t)
	open := filepath.Join(t.TempDir(), "open")
	writeRefreshFile(t, open, "rt")
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []exitCase{
		{"missing", refreshAt(env, path+".missing"), exitConfig, "--dsm-refresh-token-file: " +
			path + ".missing does not exist"},
		{"readable by others", refreshAt(env, open), exitConfig, "chmod 600 " + open},
	}
	if os.Geteuid() != 0 { // root may write any directory
		cases = append(cases, exitCase{"directory not writable", refreshAt(env, lockedDir(t)),
			exitConfig, "may not create files in"})
	}

	checkExits(t, nil, cases)
	if s.ome.Logins() != 0 || s.dsm.AuthRequests() != 0 {
		t.Errorf("OME logins %d, DSM auth calls %d; want none",
			s.ome.Logins(), s.dsm.AuthRequests())
	}
}

// refreshAt is env with the refresh token file at path.
func refreshAt(env map[string]string, path string) map[string]string {
	out := maps.Clone(env)
	out["DSM_REFRESH_TOKEN_FILE"] = path

	return out
}

// lockedDir returns a refresh token file in a directory of mode 0500.
func lockedDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, "dsm-refresh")
	writeRefreshFile(t, path, "rt")
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })

	return path
}

// failingSaves is a store whose saves fail, as on a full disk.
type failingSaves struct{ dsm.RefreshStore }

func (failingSaves) Save(context.Context, string) error {
	return errors.New("no space left on device")
}

// TestRefreshNotSaved: when the new refresh token cannot be saved, the
// sync still posts with it, and then says that the file could not be
// updated and what to do, and exits 2. Not parallel: it swaps the store.
func TestRefreshNotSaved(t *testing.T) {
	orig := newRefreshStore
	t.Cleanup(func() { newRefreshStore = orig })
	newRefreshStore = func(path string) dsm.RefreshStore { return failingSaves{orig(path)} }

	s, env, path, first := refreshMode(t)
	code, stdout, stderr := runCLI(t, env)
	want := "warning: --dsm-refresh-token-file " + path + " could not be updated"
	if code != exitConfig || len(s.dsm.Store()) != 2 || !strings.Contains(stdout, want) ||
		!strings.Contains(stdout, "no space left on device") ||
		!strings.Contains(stderr, "ERROR: bad configuration: --dsm-refresh-token-file") {
		t.Errorf("exit %d, %d records; want 2, 2 and %q; stdout:\n%s\nstderr:\n%s",
			code, len(s.dsm.Store()), want, stdout, stderr)
	}

	if b, _ := os.ReadFile(path); strings.TrimSpace(string(b)) != first {
		t.Errorf("the refresh token file changed although its saves fail")
	}

	checkNoSecrets(t, s, stdout+stderr)
}

// TestCheckWritableDir leaves nothing behind, and names a directory in
// which no file can be created.
func TestCheckWritableDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := checkWritableDir(dir, "the file"); err != nil {
		t.Fatalf("checkWritableDir(temp dir) = %v", err)
	}

	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}

	gone := filepath.Join(dir, "gone")
	err := checkWritableDir(gone, "the file")
	if err == nil || !strings.Contains(err.Error(), "in "+gone) {
		t.Errorf("checkWritableDir(missing dir) = %v, want an error naming it", err)
	}
}

// TestRefreshFileThroughLink: a refresh token file given by a symbolic
// link is replaced where the link points, and the link stays.
func TestRefreshFileThroughLink(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}

	_, env, path, first := refreshMode(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}

	if code, _, stderr := runCLI(t, refreshAt(env, link)); code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}

	readRotated(t, path, first)
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", info, err)
	}
}
