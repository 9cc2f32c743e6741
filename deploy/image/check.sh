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
# first line: the version; second: which cryptography (the image is the default build)
[ "$(printf '%s\n' "$shown" | sed -n 1p)" = "prex $version" ] \
  || fail "prex --version in the image says '$shown', not 'prex $version'"
printf '%s\n' "$shown" | sed -n 2p | grep -q '^cryptography: BouncyCastle .*general line' \
  || fail "prex --version in the image does not say it runs on the general line: '$shown'"
[ "$(chroot --userspec=10001:10001 "$root" id -u)" = 10001 ] || fail "not user 10001"
setuid=$(find "$root" -xdev -type f -perm /6000 | head -3)
[ -z "$setuid" ] || fail "setuid or setgid programs in the image: $setuid"
run keys check --keys /keys >"$dir/keys.out" 2>&1 || true
grep -q "EXAMPLE" "$dir/keys.out" || fail "keys check did not run: $(cat "$dir/keys.out")"
# and the exchange itself runs from the image as configured (its entrypoint and command), as
# 10001: it starts, takes a lab's upload over SFTP, and answers it with a receipt
cp -r routes/. "$root/routes/"
chown -R 10001:10001 "$root/routes"
printf '127.0.0.1 localhost %s\n' "$(hostname)" >"$root/etc/hosts" # as a container runtime writes
entrypoint=$(grep -o '"Entrypoint":\[[^]]*\]' "$config" | sed 's/"Entrypoint":\[//; s/\]$//; s/"//g; s/,/ /g')
command=$(grep -o '"Cmd":\[[^]]*\]' "$config" | sed 's/"Cmd":\[//; s/\]$//; s/"//g; s/,/ /g')
# shellcheck disable=SC2086 # the words of the image's own entrypoint and command
(cd "$root/data" && exec chroot --userspec=10001:10001 "$root" $entrypoint $command) \
  >"$dir/serve.out" 2>&1 &
serve=$!
stop() { kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; }
for _ in $(seq 1 120); do
  grep -q "prex ready" "$dir/serve.out" && break
  kill -0 "$serve" 2>/dev/null || break
  sleep 1
done
grep -q "prex ready" "$dir/serve.out" || { stop; fail "serve did not start: $(tail -20 "$dir/serve.out")"; }
printf '# Model card\n\nFrom the image check.\n' >"$dir/card.md"
chmod 600 "$dir/card.md"
cp keys-example/labs/acme-ai "$dir/lab-key" && chmod 600 "$dir/lab-key"
cp "$root/data/drop-box.known_hosts" "$dir/known_hosts"
echo "put $dir/card.md /inbox/card.md" |
  sftp -q -b - -i "$dir/lab-key" -o UserKnownHostsFile="$dir/known_hosts" \
    -o StrictHostKeyChecking=yes -o BatchMode=yes -P 2222 acme-ai@127.0.0.1 >/dev/null ||
  { stop; fail "a lab cannot upload to the image's drop box"; }
for _ in $(seq 1 90); do
  ls "$root/data/sftp/acme-ai/receipts/"*.receipt.asc >/dev/null 2>&1 && break
  sleep 1
done
ls "$root/data/sftp/acme-ai/receipts/"*.receipt.asc >/dev/null 2>&1 ||
  { stop; fail "no receipt for the upload: $(tail -20 "$dir/serve.out")"; }
stop
open=$(find "$root/data" -mindepth 1 -perm /077 | head -3)
[ -z "$open" ] || fail "files in /data open to group or others: $open"
others=$(find "$root/data" -mindepth 1 ! -uid 10001 | head -3)
[ -z "$others" ] || fail "files in /data not owned by 10001: $others"
echo "image check ok: $image, prex $version, user 10001, volumes /keys /routes /data ($(du -h "$image" | cut -f1))"
