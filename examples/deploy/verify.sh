#!/usr/bin/env bash
# Checks the deployment recipes in this folder with the tools this machine
# has, and says plainly which checks it ran and which it could not run.
# The README's recipes are these files (a Go test keeps them identical).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ran=()
notrun=()

# systemd: verify the units, with ExecStart pointed at a freshly built
# binary (verify refuses a command that does not exist). Any warning fails.
if command -v systemd-analyze >/dev/null 2>&1; then
	(cd "$root" && go build -o "$tmp/omesync" ./examples/cli)
	sed "s#/usr/local/bin/omesync#$tmp/omesync#" "$here/omesync.service" >"$tmp/omesync.service"
	cp "$here/omesync.timer" "$tmp/omesync.timer"
	out=$(systemd-analyze verify "$tmp/omesync.service" "$tmp/omesync.timer" 2>&1) || {
		echo "$out"
		exit 1
	}
	if [ -n "$out" ]; then
		echo "systemd-analyze verify warned:"
		echo "$out"
		exit 1
	fi
	ran+=("systemd-analyze verify omesync.service omesync.timer")
else
	notrun+=("systemd units: systemd-analyze is not installed")
fi

# YAML: parse the CronJob and the SAM template (CloudFormation tags such
# as !Ref accepted) and check the settings the recipes promise.
if python3 -c 'import yaml' >/dev/null 2>&1; then
	python3 - "$here/cronjob.yaml" "$root/examples/lambda/template.yaml" <<'PY'
import sys, yaml

class CFNLoader(yaml.SafeLoader):
    pass

def any_tag(loader, suffix, node):
    # !Ref X becomes {"Ref": X}, !Select [...] {"Fn::Select": [...]}.
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"Ref" if suffix == "Ref" else "Fn::" + suffix: value}

CFNLoader.add_multi_constructor("!", any_tag)

cj = yaml.safe_load(open(sys.argv[1]))
assert cj["kind"] == "CronJob" and cj["apiVersion"] == "batch/v1", "not a batch/v1 CronJob"
spec = cj["spec"]
assert spec["concurrencyPolicy"] == "Forbid", "concurrencyPolicy is not Forbid"
pod = spec["jobTemplate"]["spec"]["template"]["spec"]
vol = [v for v in pod["volumes"] if "secret" in v][0]
assert vol["secret"]["defaultMode"] == 0o400, "secret defaultMode is not 0400"
c = pod["containers"][0]
mount = [m for m in c["volumeMounts"] if m["name"] == vol["name"]][0]
for a in c["args"]:
    if a.endswith("-file") or "-file=" in a:
        assert a.split("=", 1)[1].startswith(mount["mountPath"]), a + " is not on the secret mount"

sam = yaml.load(open(sys.argv[2]), Loader=CFNLoader)
fn = [r for r in sam["Resources"].values() if r["Type"] == "AWS::Serverless::Function"][0]["Properties"]
assert fn["Runtime"] == "provided.al2023" and fn["Handler"] == "bootstrap", "runtime or handler"
assert fn["ReservedConcurrentExecutions"] == 1, "reserved concurrency is not 1"
assert any(e["Type"] in ("Schedule", "ScheduleV2") for e in fn["Events"].values()), "no schedule"
assert "VpcConfig" in fn, "no VpcConfig"

def statements(policies):
    # The inline statements, each !If taken as its true branch.
    for p in policies:
        for st in p.get("Statement", []) if isinstance(p, dict) else []:
            yield st["Fn::If"][1] if "Fn::If" in st else st

stmts = list(statements(fn["Policies"]))
assert not [p for p in fn["Policies"] if "AWSSecretsManagerGetSecretValuePolicy" in p], \
    "a policy template takes the secret ARN whole, #key and all"
for action in ("secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt"):
    assert any(st["Action"] == action for st in stmts), "no statement allows " + action
for st in stmts:
    if st["Action"] == "secretsmanager:GetSecretValue":
        sel = st["Resource"].get("Fn::Select")
        assert sel and sel[0] == 0 and sel[1]["Fn::Split"][0] == "#", \
            "the secret's ARN is not cut at #key: %r" % st["Resource"]
env = fn["Environment"]["Variables"]
for var in ("OME_PASSWORD_SSM_PARAMETER", "DSM_PASSWORD_SSM_PARAMETER"):
    assert var in env, var + " is not passed to the function"
print("yaml checks passed")
PY
	ran+=("YAML parse and checks of cronjob.yaml and lambda/template.yaml")
else
	notrun+=("YAML files: python3 with PyYAML is not installed")
fi
notrun+=("cronjob.yaml was not applied to a cluster (kubectl needs a live API server)")

# CloudFormation: cfn-lint checks the SAM template offline (it applies the
# SAM transform itself).
if command -v cfn-lint >/dev/null 2>&1; then
	cfn-lint "$root/examples/lambda/template.yaml"
	ran+=("cfn-lint lambda/template.yaml")
else
	notrun+=("lambda/template.yaml: cfn-lint is not installed")
fi
notrun+=("lambda/template.yaml was not deployed or checked by sam validate (no AWS account here)")

bash -n "$root/examples/lambda/build.sh"
ran+=("bash -n lambda/build.sh")

if command -v pwsh >/dev/null 2>&1; then
	pwsh -NoProfile -Command "\$null = [System.Management.Automation.Language.Parser]::ParseFile('$here/task-scheduler.ps1', [ref]\$null, [ref]\$errs); if (\$errs) { \$errs; exit 1 }"
	ran+=("PowerShell parse of task-scheduler.ps1")
else
	notrun+=("task-scheduler.ps1: no PowerShell here; neither parsed nor run (Windows only)")
fi
notrun+=("Dockerfile: not built (no container engine here)")

printf 'ran:     %s\n' "${ran[@]}"
printf 'not run: %s\n' "${notrun[@]}"
