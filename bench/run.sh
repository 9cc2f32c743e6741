#!/usr/bin/env bash
# Benchmark (not a test): prex beside the same work done by a shell pipeline (sftp get from the
# drop box, then one `gpg --sign --encrypt` per file per agency), in one run, case by case:
#   large   one SIZE_MIB artifact (default 1 GiB) to the 4 eligible agencies, and the disk floor
#   loose   CARDS loose 20 KB model cards in one sftp batch (default 300)
#   folder  one submission folder of FOLDER_FILES small files, submission.yaml last (default 1000)
#   sweep   one loose file per size, 1 KiB .. SWEEP_MAX_MIB (default 1024): MB/s, plotted
#   huge    (HUGE=1 only) a HUGE_GIB artifact (default 10; HUGE_MIB for less) in a folder with recipients [caisi, nsa]
# Prints one table and writes bench/results/<date>-table.txt and <date>-throughput.png.
# What each case measures, and when its clocks start and stop: bench/README.md.
# Usage (after mvn -B -o -q -DskipTests package):  bench/run.sh   QUICK=1 bench/run.sh
#       CASES="large loose" bench/run.sh   HUGE=1 bench/run.sh   KEEP=1 keeps the scratch folder
#       PIPELINE=0 bench/run.sh: prex alone, no pipeline and no ratio (to compare two builds of prex)
#       FIPS=1 bench/run.sh: the FIPS build (after mvn -B -o -q -Pfips -Dmaven.test.skip=true package),
#       with a P-384 key set its keys init makes, for prex and the pipeline alike (gpg signs SHA-384)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
root=$PWD
FIPS=${FIPS:-0}                # 1: the FIPS build (target/prex-fips.jar) with keys it makes itself
if [ "$FIPS" = 1 ]; then
  JAR=target/prex-fips.jar
  [ -f "$JAR" ] || { echo "error: $JAR missing: mvn -B -o -q -Pfips -Dmaven.test.skip=true package" >&2; exit 2; }
else
  JAR=target/prex.jar
  [ -f "$JAR" ] || { echo "error: $JAR missing: mvn -B -o -q -DskipTests package" >&2; exit 2; }
fi

QUICK=${QUICK:-0}
HUGE=${HUGE:-0}
if [ "$QUICK" = 1 ]; then
  SIZE_MIB=${SIZE_MIB:-64} CARDS=${CARDS:-30} FOLDER_FILES=${FOLDER_FILES:-100}
  SWEEP_MAX_MIB=${SWEEP_MAX_MIB:-32} HUGE_MIB=${HUGE_MIB:-256}
else
  SIZE_MIB=${SIZE_MIB:-1024} CARDS=${CARDS:-300} FOLDER_FILES=${FOLDER_FILES:-1000}
  SWEEP_MAX_MIB=${SWEEP_MAX_MIB:-1024} HUGE_MIB=${HUGE_MIB:-$((${HUGE_GIB:-10} * 1024))}
fi
default_cases="large loose folder sweep"
[ "$HUGE" = 1 ] && default_cases+=" huge"
CASES=${CASES:-$default_cases}
WARMUP=${WARMUP:-1}            # one unmeasured 1 KiB card through each fresh serve first
PIPE_JOBS=${PIPE_JOBS:-1}      # gpg calls the pipeline runs at once (1: a plain loop)
HUGE_PIPELINE=${HUGE_PIPELINE:-0}
WAIT_MAX=${WAIT_MAX:-7200}     # seconds any one wait may take before the run fails
POLL=0.05                      # how often a wait looks at the outbox and the receipts (s)
agencies=(caisi cisa doe-labs nsa)   # eligible for the default designation (not uk-aisi)
lab=acme-ai

scratch=$(mktemp -d /tmp/prex-bench.XXXXXX)
stamp=$(date +%Y-%m-%d-%H%M)
[ "$QUICK" = 1 ] && stamp+="-quick"
[ "$FIPS" = 1 ] && stamp+="-fips"
results=$root/bench/results
mkdir -p "$results"
table_file=$results/$stamp-table.txt
png_file=$results/$stamp-throughput.png

# ---------------------------------------------------------------- clean-up, on any exit
serve_pids=() helper_pids=()
cleanup() {
  local p
  for p in "${helper_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${serve_pids[@]}"; do stop_pid "$p"; done
  if [ -f "$scratch/inspect-children" ]; then
    while read -r p; do
      # an inspection child of a serve we had to kill -9: only if it is still that process
      if grep -qs InspectWorker "/proc/$p/cmdline"; then kill -9 "$p" 2>/dev/null || true; fi
    done < "$scratch/inspect-children"
  fi
  if [ -d "$scratch/gnupg" ]; then GNUPGHOME=$scratch/gnupg gpgconf --kill gpg-agent 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the keys each case copies: the example keys, or on the FIPS build a set its keys init makes
# (the example keys are Ed25519/X25519, which approved-only mode refuses; it makes P-384 keys)
KEYS_SRC=keys-example
if [ "$FIPS" = 1 ]; then
  KEYS_SRC=$scratch/fips-keys
  java -jar "$JAR" keys init --dir "$KEYS_SRC" --agency caisi --agency cisa --agency doe-labs \
    --agency nsa --agency uk-aisi --lab "$lab" > /dev/null
fi

stop_pid() { # SIGTERM (serve stops within 10 s), then SIGKILL
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

die() { echo "error: $*" >&2; exit 1; }
now() { printf '%s' "$EPOCHREALTIME"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b + 0 == 0) print "-"; else printf f, a / b }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s + 0 == 0) print "-"; else printf "%.4g", b / s / 1e6 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
notes=()
note() { notes+=("$*"); log "$*"; }

# ---------------------------------------------------------------- test data
# random bytes, every "(" made ")": random data holds strings like "(C//4", which prex's scan of an
# unknown binary's strings takes for a classified portion marking, and holds as a spill
random_file() { head -c "$2" /dev/urandom | tr '(' ')' > "$1"; }
# text files with no CUI or legacy marking: lower-case prose, numbered lines
text_files() { # DIR PREFIX COUNT MINBYTES MAXBYTES TITLE
  awk -v dir="$1" -v prefix="$2" -v n="$3" -v lo="$4" -v hi="$5" -v title="$6" 'BEGIN {
    for (i = 1; i <= n; i++) {
      f = sprintf("%s/%s-%04d.md", dir, prefix, i)
      size = (hi == lo) ? lo : lo + (i * 7919) % (hi - lo + 1)
      s = sprintf("# %s %d\n\n", title, i); j = 0
      while (length(s) < size) {
        j++
        s = s sprintf("Line %d of %s %d: the model was evaluated on benchmark tasks; its scores, latency and robustness were within the expected range.\n", j, tolower(title), i)
      }
      printf "%s", substr(s, 1, size - 1) "\n" > f; close(f)
    }
  }'
}

# ---------------------------------------------------------------- serve, and what it costs
free_port() {
  local p=${PORT:-2300}
  while ss -Htln "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

CASE_DIR='' DATA='' SERVE_PID='' SFTP_OPTS=()
start_serve() { # NAME: a fresh keys copy and data folder, serve in a 256 MiB heap
  CASE_DIR=$scratch/$1
  DATA=$CASE_DIR/data
  mkdir -p "$CASE_DIR"
  cp -r "$KEYS_SRC" "$CASE_DIR/keys"
  rm -f "$CASE_DIR/keys/exchange/ssh_host_"*
  chmod 600 "$CASE_DIR/keys/labs/$lab"
  local port i
  port=$(free_port)
  : > "$CASE_DIR/serve.log"
  java -Xmx256m ${SERVE_JAVA_OPTS:-} -jar "$JAR" serve --keys "$CASE_DIR/keys" --data "$DATA" --sftp-port "$port" \
    > "$CASE_DIR/serve.log" 2>&1 &
  SERVE_PID=$!
  serve_pids+=("$SERVE_PID")
  for ((i = 0; i < 1200; i++)); do
    grep -q "prex ready" "$CASE_DIR/serve.log" && break
    kill -0 "$SERVE_PID" 2>/dev/null || { tail -20 "$CASE_DIR/serve.log" >&2; die "serve did not start"; }
    sleep 0.1
  done
  grep -q "prex ready" "$CASE_DIR/serve.log" || die "serve not ready after 120 s"
  SFTP_OPTS=(-i "$CASE_DIR/keys/labs/$lab" -P "$port" -o UserKnownHostsFile="$DATA/drop-box.known_hosts"
    -o StrictHostKeyChecking=yes -o BatchMode=yes -q)
  # heap: one jstat attached for the whole case, a sample every 250 ms (used = S0U+S1U+EU+OU)
  jstat -gc "$SERVE_PID" 250 > "$CASE_DIR/jstat.txt" 2>/dev/null &
  helper_pids+=("$!")
  # the inspection child JVMs serve starts: their peak RSS too (they are not serve's heap)
  (
    peak=0
    while kill -0 "$SERVE_PID" 2>/dev/null; do
      for f in /proc/"$SERVE_PID"/task/*/children; do
        kids=()
        read -r -a kids 2> /dev/null < "$f" || true   # no newline at its end: read says EOF
        for k in "${kids[@]}"; do
          grep -qs InspectWorker "/proc/$k/cmdline" || continue
          grep -qx "$k" "$scratch/inspect-children" 2>/dev/null || echo "$k" >> "$scratch/inspect-children"
          hwm=$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$k/status" 2>/dev/null || echo 0)
          if [ "${hwm:-0}" -gt "$peak" ]; then peak=$hwm; echo "$peak" > "$CASE_DIR/children.peak"; fi
        done
      done
      sleep 0.5
    done
  ) &
  helper_pids+=("$!")
  log "$1: serve $SERVE_PID ready on port $port, data $DATA"
  [ "$WARMUP" = 1 ] && warm_up
  return 0
}

HEAP='' RSS=''
stop_serve() { # sets HEAP and RSS (MiB), stops serve
  RSS=$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$SERVE_PID/status")
  HEAP=$(awk '$1 ~ /^[0-9.]+$/ { u = ($3 + $4 + $6 + $8) / 1024; if (u > m) m = u } END { printf "%d", m }' \
    "$CASE_DIR/jstat.txt")
  local children oom
  children=$(cat "$CASE_DIR/children.peak" 2>/dev/null || echo "-")
  oom=$(grep -c OutOfMemoryError "$CASE_DIR/serve.log" || true)
  note "$(basename "$CASE_DIR"): serve peak heap $HEAP MiB (jstat, 250 ms), peak RSS $RSS MiB (VmHWM); inspection children peak RSS $children MiB; OutOfMemoryError in serve log: $oom"
  stop_pid "$SERVE_PID"
  local p
  for p in "${helper_pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
  serve_pids=() helper_pids=()   # stopped: a pid could be another process's by the clean-up
}

sftp_batch() { sftp "${SFTP_OPTS[@]}" -b "$1" "$lab@127.0.0.1" > /dev/null; }

# counts, without forking: packages per agency (the least of the four), receipts, quarantined
shopt -s nullglob
MIN_PKGS=0 RECEIPTS=0 QUARANTINED=0
count() {
  local a found
  MIN_PKGS=-1
  for a in "${agencies[@]}"; do
    found=("$DATA/outbox/$a"/t-*)
    if [ "$MIN_PKGS" -lt 0 ] || [ "${#found[@]}" -lt "$MIN_PKGS" ]; then MIN_PKGS=${#found[@]}; fi
  done
  found=("$DATA/sftp/$lab/receipts"/*.receipt.asc); RECEIPTS=${#found[@]}
  found=("$DATA/quarantine"/*.pgp); QUARANTINED=${#found[@]}
}
# waits until every agency has PKGS packages and the lab RECEIPTS receipts (-1: don't care)
wait_for() { # PKGS RECEIPTS WHAT
  local want_p=$1 want_r=$2 deadline
  deadline=$(awk -v t="$(now)" -v w="$WAIT_MAX" 'BEGIN { printf "%d", t + w }')
  while :; do
    count
    if [ "$MIN_PKGS" -ge "$want_p" ] && { [ "$want_r" -lt 0 ] || [ "$RECEIPTS" -ge "$want_r" ]; }; then return 0; fi
    kill -0 "$SERVE_PID" 2>/dev/null || { tail -20 "$CASE_DIR/serve.log" >&2; die "serve died waiting for $3"; }
    if [ "$QUARANTINED" -gt 0 ]; then
      java -jar "$JAR" audit list --data "$DATA" --format csv | grep -E 'QUARANTINED|HELD' | tail -3 >&2 || true
      die "prex quarantined an item while waiting for $3 (the bench's data should all be delivered)"
    fi
    if [ "${EPOCHREALTIME%.*}" -gt "$deadline" ]; then
      tail -20 "$CASE_DIR/serve.log" >&2
      die "waited $WAIT_MAX s for $3: packages per agency $MIN_PKGS/$want_p, receipts $RECEIPTS/$want_r"
    fi
    sleep "$POLL"
  done
}

warm_up() { # WARMUP_CARDS 1 KiB cards (default 1), delivered and answered, before anything is measured
  local n=${WARMUP_CARDS:-1}
  text_files "$CASE_DIR" warmup "$n" 1024 1024 "Warm-up card"
  echo "put $CASE_DIR/warmup-*.md /inbox/" > "$CASE_DIR/warmup.batch"
  sftp_batch "$CASE_DIR/warmup.batch"
  wait_for "$n" "$n" "the warm-up cards"
}

outbox_bytes() { find "$DATA/outbox" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }'; }

# the disk floor: BYTES written with dd and fsync'd, on the file system of the data folder
FLOOR=
disk_floor() {
  local t0
  t0=$(now)
  dd if=/dev/zero of="$CASE_DIR/floor.bin" bs=1M count="$1" iflag=count_bytes conv=fsync status=none
  FLOOR=$(sub "$(now)" "$t0")
  rm -f "$CASE_DIR/floor.bin"
}

drop_case() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$CASE_DIR"; fi; }

# ---------------------------------------------------------------- the pipeline
GNUPGHOME=$scratch/gnupg
export GNUPGHOME
signer=
declare -A fpr=()
setup_gpg() {
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch -q --import "$KEYS_SRC/exchange/signing.asc" 2> /dev/null
  local a
  for a in "${agencies[@]}"; do gpg --batch -q --import "$KEYS_SRC/agencies/$a.asc" 2> /dev/null; done
  signer=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ { print $10; exit }')
  for a in "${agencies[@]}"; do
    fpr[$a]=$(gpg --batch --with-colons --list-keys "$a" | awk -F: '/^fpr/ { print $10; exit }')
  done
  # start gpg-agent now, not inside the first measured call
  echo warm | gpg_seal /dev/stdin "$scratch/warm.pgp" "${agencies[0]}"
  rm -f "$scratch/warm.pgp"
}
gpg_seal() { # IN OUT AGENCY: what prex does per item and agency: sign, encrypt, AES-256, SHA-256, no compression
  gpg --batch -q --yes --trust-model always --compress-algo none --cipher-algo AES256 --digest-algo "$PIPE_DIGEST" \
    -u "$signer" -r "${fpr[$3]}" --sign --encrypt -o "$2" "$1"
}
export -f gpg_seal
# the hash prex signs with: SHA-256, or SHA-384 for the FIPS build's P-384 signing key
PIPE_DIGEST=SHA256
[ "$FIPS" = 1 ] && PIPE_DIGEST=SHA384
export PIPE_DIGEST

PIPE=
# PIPE seconds for: sftp get of the named files (placed, before the clock, in the lab-readable
# /receipts folder, where prex does not ingest) and one gpg --sign --encrypt per file per agency
pipeline() { # AGENCY-COUNT FILE...
  local n_agencies=$1 f a t0 out
  shift
  if [ "${PIPELINE:-1}" = 0 ]; then PIPE=0; return; fi # prex alone (A/B of two builds): no ratio
  out=$CASE_DIR/pipe
  rm -rf "$out"; mkdir -p "$out/in"
  for f in "$@"; do
    ln "$f" "$DATA/sftp/$lab/receipts/bench-in-$(basename "$f")" 2> /dev/null \
      || cp "$f" "$DATA/sftp/$lab/receipts/bench-in-$(basename "$f")"
  done
  local sel=("${agencies[@]:0:$n_agencies}")
  [ "$n_agencies" = 2 ] && sel=(caisi nsa)
  echo "get /receipts/bench-in-* $out/in/" > "$CASE_DIR/pipe.batch"
  t0=$(now)
  sftp_batch "$CASE_DIR/pipe.batch"
  if [ "$PIPE_JOBS" = 1 ]; then
    for f in "$out"/in/*; do
      for a in "${sel[@]}"; do gpg_seal "$f" "$f.$a.pgp" "$a"; done
    done
  else
    for f in "$out"/in/*; do for a in "${sel[@]}"; do printf '%s\0%s\0' "$f" "$a"; done; done > "$CASE_DIR/pipe.jobs"
    # shellcheck disable=SC2016 # the child bash expands them
    signer=$signer FPRS="$(for a in "${sel[@]}"; do echo "$a=${fpr[$a]}"; done)" \
      xargs -0 -n 2 -P "$PIPE_JOBS" -a "$CASE_DIR/pipe.jobs" bash -c \
      'declare -A fpr; while IFS== read -r k v; do fpr[$k]=$v; done <<< "$FPRS"; gpg_seal "$1" "$1.$2.pgp" "$2"' _
  fi
  PIPE=$(sub "$(now)" "$t0")
  local made
  made=$(find "$out/in" -name '*.pgp' | wc -l)
  [ "$made" -eq $(($# * ${#sel[@]})) ] || die "pipeline made $made of $(($# * ${#sel[@]})) sealed files"
  rm -rf "$out" "$DATA/sftp/$lab/receipts"/bench-in-*
}

# ---------------------------------------------------------------- the audit log's phases
audit_csv() { java -jar "$JAR" audit list --data "$DATA" --format csv > "$CASE_DIR/audit.csv"; }
# the events of submissions whose RECEIVED line matches PATTERN (an awk regex), from audit_csv, in
# seconds after ZERO (epoch s). MODE events: the first such submission's events, one a line;
# summary: all of theirs, by type: how many, the first and the last
phases() { # MODE PATTERN ZERO TITLE
  local zero line
  zero=$(date -u -d "@$3" +%H:%M:%S.%N)
  note "$4 (audit log; + seconds after $(date -u -d "@$3" +%T.%3N) UTC):"
  while IFS= read -r line; do note "  $line"; done < <(awk -F, -v mode="$1" -v pat="$2" -v zero="$zero" '
    function secs(hms,   p) { split(hms, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    NR == 1 { next }
    { sid[NR] = $5; tm[NR] = substr($2, 12, 12); ty[NR] = $3; ag[NR] = $7
      if ($3 == "RECEIVED" && $0 ~ pat && !($5 in want) && (mode == "summary" || n == 0)) { want[$5] = 1; n++ } }
    END {
      z = secs(zero)
      if (mode == "summary") printf "%-14s %6s %10s %10s\n", "event", "count", "first", "last"
      for (i = 2; i <= NR; i++) if (sid[i] in want) {
        d = secs(tm[i]) - z; if (d < -43200) d += 86400
        if (mode == "events") { printf "%-14s %-9s %s  %+8.3f s\n", ty[i], ag[i], tm[i], d; continue }
        t = ty[i]
        if (!(t in cnt)) { order[++k] = t; lo[t] = d; hi[t] = d }
        cnt[t]++; if (d < lo[t]) lo[t] = d; if (d > hi[t]) hi[t] = d
      }
      for (j = 1; j <= k; j++) printf "%-14s %6d %+9.3fs %+9.3fs\n", order[j], cnt[order[j]], lo[order[j]], hi[order[j]]
    }' "$CASE_DIR/audit.csv")
}

# ---------------------------------------------------------------- the table
rows=()
row() { # CASE PREX-S PIPE-S RATIO PREX-IA/S PIPE-IA/S HEAP RSS
  rows+=("$(printf '%-18s | %8s | %12s | %-26s | %21s | %25s | %13s | %12s' "$@")")
}

free_gib() { df -P --block-size=1G "$1" | awk 'NR == 2 { print $4 }'; }

# ---------------------------------------------------------------- the cases
case_large() {
  local bytes=$((SIZE_MIB * 1048576)) t0 t1 tu prex pkg
  start_serve large
  random_file "$CASE_DIR/artifact.bin" "$bytes"
  count
  local base=$MIN_PKGS
  echo "put $CASE_DIR/artifact.bin /inbox/artifact.bin" > "$CASE_DIR/up.batch"
  tu=$(now)
  sftp_batch "$CASE_DIR/up.batch"
  t0=$(now)
  wait_for $((base + 1)) -1 "the large artifact"
  t1=$(now)
  prex=$(sub "$t1" "$t0")
  note "large: upload of $SIZE_MIB MiB took $(sub "$t0" "$tu") s (not counted); prex from upload start $(sub "$t1" "$tu") s"
  pkg=$(outbox_bytes)   # the warm-up card's packages are a few KB of it
  disk_floor "$pkg"
  note "large: disk floor $FLOOR s to write the 4 packages' $(mib "$pkg") MiB (dd conv=fsync, data folder's file system); prex/floor = $(div "$prex" "$FLOOR") (goal <= 1.5)"
  audit_csv
  phases events ': artifact[.]bin,' "$t0" "large: phases of the artifact"
  pipeline 4 "$CASE_DIR/artifact.bin"
  stop_serve
  row "large ${SIZE_MIB} MiB" "$prex" "$PIPE" "$(div "$prex" "$PIPE") (time; goal <=0.6)" \
    "$(div 4 "$prex")" "$(div 4 "$PIPE")" "$HEAP" "$RSS"
  drop_case
}

case_loose() {
  local n=$CARDS t0 t1 tu prex
  start_serve loose
  mkdir -p "$CASE_DIR/cards"
  text_files "$CASE_DIR/cards" card "$n" 20480 20480 "Model card"
  count
  local base_p=$MIN_PKGS base_r=$RECEIPTS
  echo "put $CASE_DIR/cards/card-*.md /inbox/" > "$CASE_DIR/up.batch"
  tu=$(now)
  sftp_batch "$CASE_DIR/up.batch"
  t0=$(now)
  wait_for $((base_p + n)) $((base_r + n)) "$n loose cards"
  t1=$(now)
  prex=$(sub "$t1" "$t0")
  note "loose: the sftp batch of $n cards took $(sub "$t0" "$tu") s (not counted: prex starts taking while it runs); prex from batch start $(sub "$t1" "$tu") s"
  audit_csv
  phases events ": card-$(printf %04d $(((n + 1) / 2)))[.]md," "$t0" "loose: phases of card $(((n + 1) / 2)) of $n"
  phases summary ': card-[0-9]+[.]md,' "$tu" "loose: all $n cards' events, from the batch's START"
  pipeline 4 "$CASE_DIR"/cards/card-*.md
  stop_serve
  local ia=$((n * 4))
  row "loose ${n}x20KB" "$prex" "$PIPE" "$(div "$PIPE" "$prex") (thruput; goal >=5)" \
    "$(div "$ia" "$prex" %.1f)" "$(div "$ia" "$PIPE" %.1f)" "$HEAP" "$RSS"
  drop_case
}

folder_manifest() { # DIR REFERENCE RECIPIENTS(or empty) FILE...
  local dir=$1 ref=$2 rcp=$3 f
  shift 3
  {
    echo "reference: $ref"
    echo 'model: { name: Bench, version: "1.0" }'
    echo "release-date: $(date -d '+20 days' +%F)"
    [ -n "$rcp" ] && echo "recipients: [$rcp]"
    echo "items:"
    for f in "$@"; do echo "  - path: $(basename "$f")"; done
  } > "$dir/submission.yaml"
}

case_folder() {
  local n=$FOLDER_FILES t0 t1 tu prex name=bench-folder
  start_serve folder
  mkdir -p "$CASE_DIR/items" "$CASE_DIR/meta"
  text_files "$CASE_DIR/items" eval "$n" 1024 20480 "Eval note"
  folder_manifest "$CASE_DIR/meta" "$name" "" "$CASE_DIR"/items/eval-*.md
  count
  local base_r=$RECEIPTS
  printf '%s\n' "mkdir /inbox/$name" "put $CASE_DIR/items/eval-*.md /inbox/$name/" \
    "put $CASE_DIR/meta/submission.yaml /inbox/$name/submission.yaml" > "$CASE_DIR/up.batch"
  tu=$(now)
  sftp_batch "$CASE_DIR/up.batch"
  t0=$(now)
  wait_for 0 $((base_r + 1)) "the folder's receipt"
  t1=$(now)
  prex=$(sub "$t1" "$t0")
  note "folder: the sftp batch of $n files + submission.yaml took $(sub "$t0" "$tu") s (not counted); prex from batch start $(sub "$t1" "$tu") s"
  # it counts only if the folder was delivered whole: every item to every agency
  local a items receipt
  receipt=$(grep -l "\"uploaded-as\" : \"$name\"" "$DATA/sftp/$lab/receipts"/*.receipt.asc | head -1)
  grep -q '^  "outcome" : "delivered"' "$receipt" \
    || die "folder: the receipt's outcome is not delivered: $(grep -m1 '"outcome"' "$receipt")"
  for a in "${agencies[@]}"; do
    items=$(find "$DATA/outbox/$a" -mindepth 2 -name 'i-*.pgp' | wc -l)
    [ "$items" -eq $((n + WARMUP)) ] || die "folder: $a has $items items, expected $((n + WARMUP))"
  done
  audit_csv
  phases summary '"submission folder of' "$t0" "folder: its events, by type"
  pipeline 4 "$CASE_DIR"/items/eval-*.md
  stop_serve
  local ia=$((n * 4))
  row "folder ${n} files" "$prex" "$PIPE" "$(div "$PIPE" "$prex") (thruput; goal >=5)" \
    "$(div "$ia" "$prex" %.1f)" "$(div "$ia" "$PIPE" %.1f)" "$HEAP" "$RSS"
  drop_case
}

sweep_tsv=$scratch/sweep.tsv
case_sweep() {
  local sizes=(1024 32768 1048576 33554432 268435456 1073741824) labels=("1 KiB" "32 KiB" "1 MiB" "32 MiB" "256 MiB" "1 GiB")
  local i bytes t0 t1 prex before pkg f sweep_rows=()
  start_serve sweep
  : > "$sweep_tsv"
  for i in "${!sizes[@]}"; do
    bytes=${sizes[$i]}
    [ "$bytes" -le $((SWEEP_MAX_MIB * 1048576)) ] || continue
    f=$CASE_DIR/sweep-$bytes.bin
    random_file "$f" "$bytes"
    count
    local base=$MIN_PKGS
    before=$(outbox_bytes)
    echo "put $f /inbox/sweep-$bytes.bin" > "$CASE_DIR/up.batch"
    sftp_batch "$CASE_DIR/up.batch"
    t0=$(now)
    wait_for $((base + 1)) -1 "the ${labels[$i]} file"
    t1=$(now)
    prex=$(sub "$t1" "$t0")
    pkg=$(($(outbox_bytes) - before))
    disk_floor "$pkg"
    pipeline 4 "$f"
    rm -f "$f"
    printf '%s\t%s\t%s\t%s\n' "$bytes" "$(mbps "$bytes" "$prex")" "$(mbps "$bytes" "$PIPE")" "$(mbps "$bytes" "$FLOOR")" >> "$sweep_tsv"
    note "sweep ${labels[$i]}: prex $(mbps "$bytes" "$prex") MB/s ($prex s), pipeline $(mbps "$bytes" "$PIPE") MB/s ($PIPE s), disk floor $(mbps "$bytes" "$FLOOR") MB/s ($FLOOR s for the packages' $pkg bytes)"
    sweep_rows+=("sweep ${labels[$i]}|$prex|$PIPE|$(div "$prex" "$PIPE") (time)|$(div 4 "$prex")|$(div 4 "$PIPE")")
  done
  stop_serve
  # one serve for the whole sweep: its peaks are given once, on the last size's row
  local last=$((${#sweep_rows[@]} - 1)) fields
  for i in "${!sweep_rows[@]}"; do
    IFS='|' read -r -a fields <<< "${sweep_rows[$i]}"
    if [ "$i" = "$last" ]; then row "${fields[@]}" "$HEAP" "$RSS"; else row "${fields[@]}" "" ""; fi
  done
  drop_case
}

case_huge() {
  local bytes=$((HUGE_MIB * 1048576)) t0 t1 tu prex name=bench-huge need label
  label="$(awk -v m="$HUGE_MIB" 'BEGIN { if (m % 1024) printf "%d MiB", m; else printf "%d GiB", m / 1024 }')"
  need=$((HUGE_MIB * 5 / 1024 + 2))
  [ "$HUGE_PIPELINE" = 1 ] && need=$((HUGE_MIB * 7 / 1024 + 2))
  [ "$(free_gib /tmp)" -ge "$need" ] || die "huge: needs about $need GiB free under /tmp, has $(free_gib /tmp)"
  start_serve huge
  mkdir -p "$CASE_DIR/items" "$CASE_DIR/meta"
  log "huge: writing $label of random data"
  random_file "$CASE_DIR/items/artifact.bin" "$bytes"
  folder_manifest "$CASE_DIR/meta" "$name" "caisi, nsa" "$CASE_DIR/items/artifact.bin"
  count
  local base_r=$RECEIPTS
  printf '%s\n' "mkdir /inbox/$name" "put $CASE_DIR/items/artifact.bin /inbox/$name/artifact.bin" \
    "put $CASE_DIR/meta/submission.yaml /inbox/$name/submission.yaml" > "$CASE_DIR/up.batch"
  tu=$(now)
  sftp_batch "$CASE_DIR/up.batch"
  t0=$(now)
  wait_for 0 $((base_r + 1)) "the huge folder's receipt"
  t1=$(now)
  prex=$(sub "$t1" "$t0")
  local n_caisi n_nsa
  n_caisi=$(find "$DATA/outbox/caisi" -mindepth 2 -name 'i-*.pgp' -size +$((HUGE_MIB / 2))M | wc -l)
  n_nsa=$(find "$DATA/outbox/nsa" -mindepth 2 -name 'i-*.pgp' -size +$((HUGE_MIB / 2))M | wc -l)
  if [ "$n_caisi" != 1 ] || [ "$n_nsa" != 1 ]; then die "huge: not delivered to caisi and nsa ($n_caisi, $n_nsa)"; fi
  note "huge: upload of $label took $(sub "$t0" "$tu") s (not counted)"
  audit_csv
  phases summary '"submission folder of' "$t0" "huge: the folder's events"
  rm -rf "$DATA/outbox/caisi" "$DATA/outbox/nsa"   # room for the pipeline's copies
  local pipe=- pia=- ratio=-
  if [ "$HUGE_PIPELINE" = 1 ]; then
    pipeline 2 "$CASE_DIR/items/artifact.bin"
    pipe=$PIPE pia=$(div 2 "$PIPE") ratio="$(div "$prex" "$PIPE") (time)"
  fi
  stop_serve
  row "huge $label x2" "$prex" "$pipe" "$ratio" "$(div 2 "$prex")" "$pia" "$HEAP" "$RSS"
  [ "$HEAP" -le 256 ] || note "huge: PEAK HEAP $HEAP MiB IS ABOVE 256 MiB"
  drop_case
}

# ---------------------------------------------------------------- run
for c in $CASES; do
  case $c in large | loose | folder | sweep | huge) ;; *) die "unknown case $c (large loose folder sweep huge)" ;; esac
done
setup_gpg
started=$(date '+%F %T %Z')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for c in $CASES; do
  log "case $c"
  "case_$c"
done

{
  echo "prex benchmark, $started; $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "prex $(git rev-parse --short HEAD 2> /dev/null || echo '?')$(git diff --quiet HEAD -- src routes pom.xml 2> /dev/null || echo '+changes'); $(java -version 2>&1 | head -1); $(gpg --version | head -1); QUICK=$QUICK cases: $CASES"
  echo "load average (1, 5, 15 min) at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg): other work on the machine shows here"
  echo "serve: java -Xmx256m -jar $JAR serve$([ "$FIPS" = 1 ] && echo ' (FIPS approved-only; P-384 keys from its keys init)'), a fresh data folder per case$([ "$WARMUP" = 1 ] && echo ', one unmeasured warm-up card first'); pipeline: sftp get + gpg per file per agency, $PIPE_JOBS at a time"
  echo
  printf '%-18s | %8s | %12s | %-26s | %21s | %25s | %13s | %12s\n' case "prex (s)" "pipeline (s)" ratio \
    "prex items×agencies/s" "pipeline items×agencies/s" "peak heap MiB" "peak RSS MiB"
  printf '%s\n' "${rows[@]}"
  echo
  echo "prex (s): from the upload's end (sftp exited) to the last package in the outbox (large, sweep) or"
  echo "the last receipt (loose: and every package; folder, huge); pipeline (s): sftp get + gpg calls."
  echo "ratio: time = prex s / pipeline s; thruput = prex items×agencies/s / pipeline's. Heap and RSS: serve's."
  echo
  printf '%s\n' "${notes[@]}"
} > "$table_file"

if [ -s "$sweep_tsv" ]; then
  java -Djava.awt.headless=true bench/Plot.java "$png_file" "$sweep_tsv" \
    "$(date +%F), $(nproc) cores, prex $(git rev-parse --short HEAD 2> /dev/null || echo '?'), QUICK=$QUICK" \
    || note "the plot failed"
fi
cat "$table_file"
echo
echo "wrote $table_file$([ -s "$sweep_tsv" ] && echo " and $png_file")"
