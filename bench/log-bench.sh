#!/usr/bin/env bash
# Appends N events (default 1,000,000) to a fresh transfer log, then checkpoints, proves and
# verifies it; prints the append rate per tenth of the run (it should stay flat). Needs
# `mvn -B -o test-compile` first. Usage: bench/log-bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
[ -f "$CP_FILE" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" org.prex.bench.LogBench "$@"
