#!/usr/bin/env bash
# JMH microbenchmarks of the per-line hot path (src/main/java/io/connwatch/bench/jmh/): splitting,
# parsing, host names, per-host counting, the way before and now. Appends to bench/results/<date>-jmh.md.
#
#   bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 HotPath.countNow]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$HOME_DIR/bench"
(cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl flink-job -am) >&2
(cd "$BENCH" && mvn -B -q -DskipTests package) >&2
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
mkdir -p "$BENCH/results"
OUT="$BENCH/results/$(date +%F)-jmh.md"
RAW="$(mktemp)"
trap 'rm -f "$RAW"' EXIT
java -cp "$CP" org.openjdk.jmh.Main -rf text -rff "$RAW" "$@" >&2
[ -s "$RAW" ] || { echo "jmh: no results (does the benchmark pattern match?)" >&2; exit 1; }
{
  # one file a day; later runs of the day are appended
  [ -s "$OUT" ] || printf '# JMH: the per-line hot path, ns per line\n'
  echo
  echo "## $(date -u +%H:%M) UTC, $(git -C "$HOME_DIR" rev-parse --short HEAD 2>/dev/null || echo '?'): $*"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1)."
  echo
  echo '```'
  cat "$RAW"
  echo '```'
} >> "$OUT"
tail -n +1 "$RAW"
echo "written to $OUT" >&2
