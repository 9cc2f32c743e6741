#!/usr/bin/env bash
# Appends events to a fresh transfer log in a child JVM for SECONDS (default 60), kills it with
# SIGKILL, and compares the last event append() returned with what the reopened log holds: first
# as H2 recovered it (read-only), then after opening it for writing replayed the journal. Needs
# `mvn -B -o test-compile` first. Usage: bench/log-kill.sh [SECONDS]
# PREX_JAVA_OPTS adds JVM options to both JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
[ -f "$CP_FILE" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
DATA=$(mktemp -d /tmp/prex-log-kill.XXXXXX)
java -Xmx256m ${PREX_JAVA_OPTS:-} -cp "$CP" org.prex.bench.LogKill append "$DATA" >"$DATA/returned.txt" &
CHILD=$!
sleep "${1:-60}"
kill -9 "$CHILD"
wait "$CHILD" 2>/dev/null || true
echo "last event append() returned: $(tail -n 1 "$DATA/returned.txt")"
echo "file: $(stat -c %s "$DATA/audit/prex.mv.db") bytes; journal: $(cat "$DATA"/audit/journal* | wc -c) bytes; data: $DATA"
java -Xmx256m ${PREX_JAVA_OPTS:-} -cp "$CP" org.prex.bench.LogKill check "$DATA"
