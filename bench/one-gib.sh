#!/usr/bin/env bash
# Benchmark (not a test): a 1 GiB artifact through prex, beside the same work done by a shell
# pipeline (sftp get from the drop box, then gpg --sign --encrypt once per agency).
# Reports: seconds from upload complete to every eligible agency's package delivered; the same for
# the pipeline; peak heap (jstat samples) and peak RSS (VmHWM) of serve.
# Usage: bash bench/one-gib.sh   (after mvn package; uses a scratch folder under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/prex-bench.XXXX)
port=${PORT:-2299}
size_mib=${SIZE_MIB:-1024}
agencies=(caisi cisa doe-labs nsa)
cp -r keys-example "$work/keys"; rm -f "$work/keys/exchange/ssh_host_ed25519_key"*
chmod 600 "$work/keys/labs/acme-ai"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/artifact.bin"

java ${JAVA_OPTS:-} -jar target/prex.jar serve --keys "$work/keys" --data "$work/data" --sftp-port "$port" \
  > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "prex ready" "$work/serve.log"; do sleep 0.2; done

( peak=0; while kill -0 $pid 2>/dev/null; do
    used=$(jstat -gc $pid 2>/dev/null | awk 'NR==2 {print int(($3+$4+$6+$8)/1024)}')
    [ -n "$used" ] && [ "$used" -gt "$peak" ] && peak=$used && echo $peak > "$work/heap.peak"
    sleep 0.5; done ) &

sftp_opts=(-i "$work/keys/labs/acme-ai" -P "$port" -o UserKnownHostsFile="$work/data/drop-box.known_hosts" -o StrictHostKeyChecking=yes -q)
echo "put $work/artifact.bin /inbox/artifact.bin" | sftp "${sftp_opts[@]}" -b - acme-ai@127.0.0.1 >/dev/null
t0=$(date +%s.%N)
until [ "$(find "$work/data/outbox" -mindepth 2 -maxdepth 2 -type d -name 't-*' 2>/dev/null | wc -l)" -ge ${#agencies[@]} ]; do sleep 0.1; done
t1=$(date +%s.%N)
rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status)
heap=$(cat "$work/heap.peak" 2>/dev/null || echo "?")

# The pipeline, same machine, same drop box: sftp get (from the lab-readable /receipts folder, where
# prex does not ingest), then gpg --sign --encrypt once per agency.
export GNUPGHOME="$work/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch -q --import "$work/keys/exchange/signing.asc"
for a in "${agencies[@]}"; do gpg --batch -q --import "$work/keys/agencies/$a.asc"; done
signer=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ {print $10; exit}')
cp "$work/artifact.bin" "$work/data/sftp/acme-ai/receipts/artifact.bin"
mkdir -p "$work/pipe"
t2=$(date +%s.%N)
echo "get /receipts/artifact.bin $work/pipe/artifact.bin" | sftp "${sftp_opts[@]}" -b - acme-ai@127.0.0.1 >/dev/null
for a in "${agencies[@]}"; do
  fpr=$(gpg --batch --with-colons --list-keys "$a" | awk -F: '/^fpr/ {print $10; exit}')
  gpg --batch -q --trust-model always --compress-algo none --cipher-algo AES256 --digest-algo SHA256 \
      -u "$signer" -r "$fpr" --sign --encrypt -o "$work/pipe/$a.pgp" "$work/pipe/artifact.bin"
done
t3=$(date +%s.%N)
kill $pid; wait $pid 2>/dev/null || true
printf 'prex:     %s MiB to %d agencies in %.1f s after upload complete; serve peak heap %s MiB, peak RSS %s MiB\n' \
  "$size_mib" ${#agencies[@]} "$(echo "$t1 - $t0" | bc)" "$heap" "$rss"
printf 'pipeline: sftp get + gpg --sign --encrypt x%d in %.1f s (sftp get, then gpg per agency)\n' ${#agencies[@]} "$(echo "$t3 - $t2" | bc)"
echo "prex phases (audit log times; the upload completed at $(date -u -d @${t0%.*} +%H:%M:%S)):"
java -jar target/prex.jar audit list --data "$work/data" --format csv | awk -F, 'NR>1 {print "  " $2, $3, $7}'
rm -rf "$work"
