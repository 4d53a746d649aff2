#!/usr/bin/env bash
# Builds the Lambda function for the provided.al2023 runtime: a static
# binary named bootstrap, zipped, for arm64 and x86_64.
#   examples/lambda/build.sh          -> examples/lambda/build/omesync-lambda-{arm64,x86_64}.zip
#   OUT=/tmp/dist examples/lambda/build.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/build}
command -v zip >/dev/null 2>&1 || {
	echo "build.sh needs zip (apt-get install zip)" >&2
	exit 1
}

for arch in arm64 x86_64; do
	goarch=$arch
	[ "$arch" = x86_64 ] && goarch=amd64
	dir="$out/$arch"
	mkdir -p "$dir"
	(cd "$here" && CGO_ENABLED=0 GOOS=linux GOARCH=$goarch \
		go build -tags lambda.norpc -trimpath -ldflags "-s -w" -o "$dir/bootstrap" .)
	rm -f "$out/omesync-lambda-$arch.zip"
	(cd "$dir" && zip -q -X "$out/omesync-lambda-$arch.zip" bootstrap)
	echo "$out/omesync-lambda-$arch.zip"
done
