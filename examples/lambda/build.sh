#!/usr/bin/env bash
# Builds the Lambda function for the provided.al2023 runtime: a static
# binary named bootstrap, zipped, for arm64 and x86_64.
#   examples/lambda/build.sh          -> examples/lambda/build/omesync-lambda-{arm64,x86_64}.zip
#   OUT=/tmp/dist examples/lambda/build.sh
#   OME_CA_BUNDLE=./ome-ca.pem examples/lambda/build.sh
# With OME_CA_BUNDLE the appliance's CA goes into the zip as ome-ca.pem;
# set OME_CA_CERT=/var/task/ome-ca.pem on the function to use it.
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
	files=(bootstrap)
	if [ -n "${OME_CA_BUNDLE:-}" ]; then
		cp "$OME_CA_BUNDLE" "$dir/ome-ca.pem"
		files+=(ome-ca.pem)
	fi
	(cd "$dir" && zip -q -X "$out/omesync-lambda-$arch.zip" "${files[@]}")
	echo "$out/omesync-lambda-$arch.zip"
done
