#!/usr/bin/env bash
# Checks an image build.sh made (docs/deployment.md, "Container image"): its configuration runs
# prex as user 10001 with /keys, /routes and /data as volumes; and prex, run from the image's own
# layers in a chroot as that user, prints its version and checks the example keys. Needs root.
set -euo pipefail
image=${1:?usage: check.sh IMAGE.tar}
cd "$(dirname "$0")/../.."
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tar -C "$dir" -xf "$image"
blob() { echo "$dir/blobs/sha256/${1#sha256:}"; }
manifest=$(blob "$(grep -o '"digest":"sha256:[0-9a-f]*"' "$dir/index.json" | head -1 | cut -d'"' -f4)")
config=$(blob "$(grep -o '"config":{[^}]*}' "$manifest" | grep -o 'sha256:[0-9a-f]*')")
fail() { echo "image check FAILED: $*" >&2; exit 1; }
grep -q '"User":"10001:10001"' "$config" || fail "not run as 10001:10001: $(cat "$config")"
for v in /keys /routes /data; do
  grep -q "\"$v\":{}" "$config" || fail "no volume $v"
done
grep -q '"Entrypoint":\["java",[^]]*"org.prex.cli.Main"\]' "$config" || fail "the entrypoint is not prex"
grep -q '"Cmd":\["serve",' "$config" || fail "the command is not serve"

root="$dir/rootfs"
mkdir -p "$root"
for layer in $(grep -o '"layers":\[.*\]' "$manifest" | grep -o 'sha256:[0-9a-f]*'); do
  tar --warning=no-unknown-keyword -C "$root" -xzf "$(blob "$layer")"
done
cp -r keys-example/. "$root/keys/"
chown -R 10001:10001 "$root/keys"
# a container has /proc, and the JVM's loader needs it to find its own libraries
mount -t proc proc "$root/proc" || fail "cannot mount /proc for the check (run as root)"
trap 'umount "$root/proc" 2>/dev/null; rm -rf "$dir"' EXIT
run() { chroot --userspec=10001:10001 "$root" java -cp @/app/jib-classpath-file org.prex.cli.Main "$@"; }
shown=$(run --version)
[ "$shown" = "prex $version" ] || fail "prex --version in the image says '$shown', not 'prex $version'"
[ "$(chroot --userspec=10001:10001 "$root" id -u)" = 10001 ] || fail "not user 10001"
run keys check --keys /keys >"$dir/keys.out" 2>&1 || true
grep -q "EXAMPLE" "$dir/keys.out" || fail "keys check did not run: $(cat "$dir/keys.out")"
# and the exchange itself starts from the image, as 10001, writing only to /data
cp -r routes/. "$root/routes/"
chown -R 10001:10001 "$root/routes"
run serve --keys /keys --routes /routes --data /data --sftp-port 0 --http 127.0.0.1:0 \
  >"$dir/serve.out" 2>&1 &
serve=$!
for _ in $(seq 1 120); do
  grep -q "prex ready" "$dir/serve.out" && break
  kill -0 "$serve" 2>/dev/null || break
  sleep 1
done
grep -q "prex ready" "$dir/serve.out" || { kill "$serve" 2>/dev/null; fail "serve did not start: $(tail -20 "$dir/serve.out")"; }
kill "$serve"
wait "$serve" || true
owners=$(find "$root/data" -mindepth 1 ! -uid 10001 | head -3)
[ -z "$owners" ] || fail "files in /data not owned by 10001: $owners"
echo "image check ok: $image, prex $version, user 10001, volumes /keys /routes /data ($(du -h "$image" | cut -f1))"
