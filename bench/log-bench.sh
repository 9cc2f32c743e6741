#!/usr/bin/env bash
# Appends N events (default 1,000,000) to a fresh transfer log, then checkpoints, proves and
# verifies it; prints per tenth of the run the append rate and the file's bytes per event (both
# should stay flat), then the proof sizes and the verifier's time. Runs in a 256 MB
# heap (BENCH_JAVA_OPTS overrides) to show that verify streams. Needs `mvn -B -o test-compile`
# first. Usage: bench/log-bench.sh [N]; bench/log-bench.sh verify DATA re-verifies the log of the
# data folder DATA (e.g. the one a run printed).
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
[ -f "$CP_FILE" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx256m} -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  org.prex.bench.LogBench "$@"
