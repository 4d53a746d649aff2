package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The deployment recipes live in ../deploy and are quoted in ../README.md.
// These tests parse the omesync command line of each with the CLI's own
// parser, check the cron line's syntax, keep the README identical to the
// files, and run deploy/verify.sh (systemd-analyze, YAML checks).

func readDeploy(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}

	return string(b)
}

// checkArgs parses a recipe's omesync arguments as the CLI would.
func checkArgs(t *testing.T, recipe string, args []string) {
	t.Helper()
	o, err := parseArgs(args, envFunc(nil), io.Discard)
	if err != nil {
		t.Errorf("%s: omesync %q: %v", recipe, args, err)

		return
	}

	if o.command != "sync" || o.lockFile == "" && recipe != "cronjob.yaml" {
		t.Errorf("%s: command %q lock %q; want sync with a lock file", recipe, o.command, o.lockFile)
	}
}

// cronField matches one field of a cron schedule: *, numbers, ranges,
// lists and steps.
var cronField = regexp.MustCompile(`^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$`)

// cronRanges are the bounds of minute, hour, day of month, month, weekday.
var cronRanges = [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}

func TestRecipeCrontab(t *testing.T) {
	t.Parallel()
	jobs := 0
	sc := bufio.NewScanner(strings.NewReader(readDeploy(t, "crontab")))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case regexp.MustCompile(`^[A-Z_]+=\S+$`).MatchString(line):
		default:
			jobs++
			checkCronLine(t, line)
		}
	}

	if jobs != 1 {
		t.Errorf("crontab has %d job lines, want 1", jobs)
	}
}

func checkCronLine(t *testing.T, line string) {
	t.Helper()
	f := strings.Fields(line)
	if len(f) < 7 || f[5] != "/usr/local/bin/omesync" {
		t.Fatalf("cron line %q: want 5 schedule fields and the omesync path", line)
	}

	for i, field := range f[:5] {
		if !cronField.MatchString(field) || !cronInRange(field, cronRanges[i]) {
			t.Errorf("cron field %d %q is not valid", i+1, field)
		}
	}

	if strings.Contains(line, "%") {
		t.Errorf("cron line holds %%, which cron turns into a newline")
	}

	args, _, _ := strings.Cut(strings.Join(f[6:], " "), " >>")
	checkArgs(t, "crontab", strings.Fields(args))
}

func cronInRange(field string, bounds [2]int) bool {
	for _, n := range regexp.MustCompile(`\d+`).FindAllString(field, -1) {
		v := 0
		for _, c := range n {
			v = v*10 + int(c-'0')
		}

		if v < bounds[0] || v > bounds[1] {
			return false
		}
	}

	return true
}

func TestRecipeSystemd(t *testing.T) {
	t.Parallel()
	for _, line := range strings.Split(readDeploy(t, "omesync.service"), "\n") {
		if rest, ok := strings.CutPrefix(line, "ExecStart=/usr/local/bin/omesync "); ok {
			checkArgs(t, "omesync.service", strings.Fields(strings.ReplaceAll(rest, "%d", "/run/credentials/omesync.service")))

			return
		}
	}

	t.Fatal("omesync.service has no ExecStart of /usr/local/bin/omesync")
}

func TestRecipeKubernetes(t *testing.T) {
	t.Parallel()
	var args []string
	in := false
	for _, line := range strings.Split(readDeploy(t, "cronjob.yaml"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "args:":
			in = true
		case in && strings.HasPrefix(trimmed, "- "):
			args = append(args, strings.TrimPrefix(trimmed, "- "))
		default:
			in = false
		}
	}

	if len(args) == 0 {
		t.Fatal("cronjob.yaml has no container args")
	}

	checkArgs(t, "cronjob.yaml", args)
}

func TestRecipeWindows(t *testing.T) {
	t.Parallel()
	m := regexp.MustCompile(`(?m)^\$arguments = '([^']*)'$`).FindStringSubmatch(readDeploy(t, "task-scheduler.ps1"))
	if m == nil {
		t.Fatal("task-scheduler.ps1 has no $arguments line")
	}

	checkArgs(t, "task-scheduler.ps1", strings.Fields(m[1]))
}

// TestReadmeQuotesRecipes keeps the README's recipes identical to the files
// that the other tests and verify.sh check.
func TestReadmeQuotesRecipes(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"crontab", "omesync.service", "omesync.timer", "cronjob.yaml", "task-scheduler.ps1"} {
		if !strings.Contains(string(b), readDeploy(t, name)) {
			t.Errorf("README.md does not quote deploy/%s as it is; copy the file into its code block", name)
		}
	}
}

// TestDeployVerifyScript runs deploy/verify.sh, which builds the CLI and
// checks the systemd units and YAML files with the tools it finds.
func TestDeployVerifyScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI; skipped with -short")
	}

	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}

	out, err := exec.CommandContext(t.Context(), "bash", filepath.Join("..", "deploy", "verify.sh")).CombinedOutput()
	if err != nil {
		t.Fatalf("verify.sh: %v\n%s", err, out)
	}

	t.Logf("verify.sh:\n%s", out)
}
