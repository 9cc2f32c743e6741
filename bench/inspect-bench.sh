#!/usr/bin/env bash
# Inspection throughput and latency (docs/inspection.md), through the real Inspector: a child JVM
# with a 256 MiB heap, as `prex serve` runs it. Prints MB/s for a text file and for unknown binary
# (strings scan), the time for a safetensors file whose payload is skipped, and the added latency
# per small document (a Markdown card, a DOCX, a PDF), median of 200. Sizes in MB (default 1024).
# Needs `mvn -B -o test-compile` first. Usage: bench/inspect-bench.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
[ -f "$CP_FILE" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx256m} -Dprex.inspect.heap=256m \
  -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" org.prex.bench.InspectBench "$@"
