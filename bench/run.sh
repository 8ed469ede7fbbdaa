#!/usr/bin/env bash
# Benchmarks connwatch against the tools a user would otherwise pick, on one generated file, in one
# run, contenders alternating (A B C A B C ...). Prints and writes bench/results/<date>.md.
#
#   bench/run.sh [--size 100m|1g|4g] [--runs N] [--groups query,reports,startup,catchup,kafka,regroup,history,floor]
#                [--skip REGEX]   (contenders whose name matches are left out, e.g. --skip 'Spark|naive')
set -euo pipefail

SIZE=1g
RUNS=3
SELECTED=query,reports,startup,floor
SKIP=
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --groups) SELECTED=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    *) sed -n '2,7p' "$0"; exit 2 ;;
  esac
done
case "$SIZE" in
  100m) LINES=3800k ;; 1g) LINES=38m ;; 4g) LINES=152m ;;
  *) echo "bench: --size must be 100m, 1g or 4g" >&2; exit 2 ;;
esac

# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
bench_setup
(cd "$BENCH" && mvn -B -q -DskipTests package) >&2
(cd "$BENCH/spark" && mvn -B -q -DskipTests package) >&2
FILE="$(generated_log "$SIZE" "$LINES")"
BENCH_CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
SPARK_CP="$BENCH/spark/target/classes:$(cat "$BENCH/spark/target/classpath.txt")"
JAVA_OPENS="--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
# the module openings Spark's own launcher passes on JDK 17
SPARK_OPENS="-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  SPARK_OPENS="$SPARK_OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done

SAMPLE="$(cd "$HOME_DIR/.." && pwd)/shared/fixtures/clarity/input-file-10000.txt" # start-up: the 10,000-line sample
HOST=Loka                      # the most frequent host of the generator
FROM=1704085200000             # 2024-01-01T05:00:00Z
TO=1704088800000               # 2024-01-01T06:00:00Z

# group|name|command (the first of a group is connwatch, the reference of the ratios)
CONTENDERS=(
  "query|connwatch query|$HOME_DIR/bin/connwatch query --input $FILE --host $HOST --from $FROM --to $TO --quiet"
  "query|mawk one-liner (as a user writes it)|mawk -v h=$HOST -v a=$FROM -v b=$TO '\$3==h && \$1>=a && \$1<=b {print \$2}' $FILE | sort -u"
  "query|mawk|mawk -v h=$HOST -v f=$FROM -v t=$TO '{ts=\$1+0; if (ts<1e11) ts*=1000} \$3==h && ts>=f && ts<=t {print \$2}' $FILE | sort -u"
  "query|DuckDB (JDBC, 2 threads)|java -cp $BENCH_CP io.connwatch.bench.DuckDbPeer query $FILE $HOST $FROM $TO"
  "query|Spark SQL (local[2])|java $SPARK_OPENS -cp $SPARK_CP io.connwatch.bench.spark.SparkSqlQuery $FILE $HOST $FROM $TO"
  "reports|connwatch reports|rm -rf $WORK/out && $HOME_DIR/bin/connwatch reports --input $FILE --host $HOST --output $WORK/out --quiet"
  "reports|connwatch reports --interactions off (the reports DuckDB makes, + volume)|rm -rf $WORK/out && $HOME_DIR/bin/connwatch reports --input $FILE --host $HOST --output $WORK/out --quiet --interactions off"
  "reports|mawk script|mawk -v H=$HOST -f $BENCH/peers/reports.awk $FILE"
  "reports|DuckDB three reports (JDBC)|java -cp $BENCH_CP io.connwatch.bench.DuckDbPeer reports $FILE $HOST"
  "reports|DuckDB top_source (JDBC)|java -cp $BENCH_CP io.connwatch.bench.DuckDbPeer top $FILE"
  "reports|naive Flink DataStream|java $JAVA_OPENS -cp $BENCH_CP io.connwatch.bench.NaiveFlinkReports $FILE"
  "reports|Flink SQL (TUMBLE, batch)|java $JAVA_OPENS -cp $BENCH_CP io.connwatch.bench.FlinkSqlReports $FILE $HOST"
  "regroup|connwatch regroup|rm -rf $WORK/store && $HOME_DIR/bin/connwatch regroup --input $FILE --by source --output $WORK/store --quiet"
  "regroup|GNU sort (C locale, 2 threads, 4G)|LC_ALL=C sort -S 4G --parallel=2 -T $WORK -k2,2 -k1,1n $FILE > $WORK/sorted"
  "regroup|DuckDB COPY ... ORDER BY (JDBC)|java -cp $BENCH_CP io.connwatch.bench.DuckDbPeer regroup $FILE $WORK/duck.txt"
  "history|connwatch history|$HOME_DIR/bin/connwatch history --store $WORK/history-store --host $HOST --from $FROM --to $TO"
  "history|connwatch query|$HOME_DIR/bin/connwatch query --input $FILE --host $HOST --from $FROM --to $TO --with-timestamps --quiet"
  "startup|connwatch query, 10,000 lines|$HOME_DIR/bin/connwatch query --input $SAMPLE --host Alyaa --from 1565647204351 --to 1565650799255 --quiet"
  "startup|mawk one-liner, 10,000 lines|mawk -v h=Alyaa -v a=1565647204351 -v b=1565650799255 '\$3==h && \$1>=a && \$1<=b {print \$2}' $SAMPLE | sort -u"
  "catchup|connwatch run, until every complete hour is reported|$BENCH/catchup.sh $FILE $HOST"
  "catchup|DuckDB three reports (JDBC)|java -cp $BENCH_CP io.connwatch.bench.DuckDbPeer reports $FILE $HOST"
  "kafka|connwatch forward, file to topic|$BENCH/kafka-legs.sh forward $FILE"
  "kafka|kafka-producer-perf-test, same records|$BENCH/kafka-legs.sh producer-perf $FILE"
  "kafka|connwatch run --source kafka, topic to reports|$BENCH/kafka-legs.sh run $FILE $HOST"
  "kafka|kafka-consumer-perf-test, same topic|$BENCH/kafka-legs.sh consumer-perf $FILE"
  "floor|cat > /dev/null|cat $FILE > /dev/null"
  "floor|wc -l|wc -l $FILE"
)
if [[ ",$SELECTED," == *,kafka,* ]]; then
  # a broker of its own (ports 19092/19093, data in the work folder), the lines topic filled once
  export CONNWATCH_KAFKA_DIR="$WORK/kafka" CONNWATCH_KAFKA_PORT=19092 CONNWATCH_KAFKA_CONTROLLER_PORT=19093
  trap '"$BENCH/kafka-legs.sh" teardown > /dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  "$BENCH/kafka-legs.sh" setup "$FILE"
fi
if [[ ",$SELECTED," == *,history,* ]]; then
  # the store history reads, made once (regroup by destination: the query's host is a destination)
  "$HOME_DIR/bin/connwatch" regroup --input "$FILE" --by destination --output "$WORK/history-store" --quiet
fi

RESULTS="$WORK/results.tsv"
for r in $(seq 1 "$RUNS"); do
  for c in "${CONTENDERS[@]}"; do
    IFS='|' read -r group name cmd <<< "$c"
    [[ ",$SELECTED," == *",$group,"* ]] || continue
    [ -n "$SKIP" ] && [[ "$name" =~ $SKIP ]] && continue
    # again before every run: this VM's kernel pages out file pages unused for ~30 s (DAMON
    # reclaim), so after a long contender part of the file would otherwise come from disk
    cat "$FILE" > /dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/time" bash -c "$cmd" > /dev/null 2> "$WORK/err" || { echo "bench: $name failed:"; cat "$WORK/err"; exit 1; } >&2
    read -r secs rss < <(tail -1 "$WORK/time")
    printf '%s\t%s\t%s\t%s\t%s\n' "$group" "$name" "$r" "$secs" "$rss" >> "$RESULTS"
    echo "run $r  $name: $secs s" >&2
  done
done

OUT="$BENCH/results/$(date +%F)-$SIZE.md"
python3 - "$RESULTS" "$FILE" "$RUNS" > "$OUT" <<'PY'
import os, statistics, subprocess, sys
results, file, runs = sys.argv[1], sys.argv[2], sys.argv[3]
size = os.path.getsize(file)
lines = int(subprocess.run(["wc", "-l", file], capture_output=True, text=True).stdout.split()[0])
rows = {}
for line in open(results):
    g, n, r, s, rss = line.rstrip("\n").split("\t")
    rows.setdefault((g, n), []).append((float(s), int(rss)))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
print(f"# connwatch benchmark, {size / 1e9:.2f} GB, {lines:,} lines\n")
print(f"Machine: {os.cpu_count()} cores ({cpu}), {int(mem) / 1048576:.0f} GiB; file read into the page cache before every run; "
      f"{runs} runs each, alternating; median wall time.\n")
print("| group | contender | median s | MB/s | M lines/s | peak RSS MB | × connwatch |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
ref = {}
for (g, n), v in rows.items():
    med = statistics.median(s for s, _ in v)
    if g not in ref:
        ref[g] = med
    rss = max(r for _, r in v) / 1024
    # start-up runs on the 10,000-line sample, not on the file: no throughput
    mbs, mls = ("-", "-") if g == "startup" else (f"{size / 1e6 / med:.0f}", f"{lines / 1e6 / med:.2f}")
    print(f"| {g} | {n} | {med:.2f} | {mbs} | {mls} | {rss:.0f} | {med / ref[g]:.2f} |")
# the issue's targets (#18), where this run has both sides of one
med = {k: statistics.median(s for s, _ in v) for k, v in rows.items()}
def ratio(group, a, b):
    return med[(group, a)] / med[(group, b)] if (group, a) in med and (group, b) in med else None
targets = [
    ("reports <= 1.0x DuckDB's three reports", ratio("reports", "connwatch reports --interactions off (the reports DuckDB makes, + volume)", "DuckDB three reports (JDBC)"), 1.0, "<="),
    ("reports with the interaction report (default), against DuckDB's three", ratio("reports", "connwatch reports", "DuckDB three reports (JDBC)"), None, ""),
    ("streaming catch-up <= 3.0x DuckDB's three reports", ratio("catchup", "connwatch run, until every complete hour is reported", "DuckDB three reports (JDBC)"), 3.0, "<="),
    ("forward >= 0.7x kafka-producer-perf-test (speed)", ratio("kafka", "kafka-producer-perf-test, same records", "connwatch forward, file to topic"), 0.7, ">="),
    ("run --source kafka >= 0.5x kafka-consumer-perf-test (speed)", ratio("kafka", "kafka-consumer-perf-test, same topic", "connwatch run --source kafka, topic to reports"), 0.5, ">="),
    ("query <= 0.5x the plain awk one-liner", ratio("query", "connwatch query", "mawk one-liner (as a user writes it)"), 0.5, "<="),
    ("query of the 10,000-line sample <= 1.5 s", med.get(("startup", "connwatch query, 10,000 lines")), 1.5, "<="),
]
shown = [t for t in targets if t[1] is not None]
if shown:
    print("\n| target | this run | met |")
    print("| --- | ---: | --- |")
    for name, value, bound, op in shown:
        met = "" if bound is None else ("yes" if (value <= bound if op == "<=" else value >= bound) else "no")
        print(f"| {name} | {value:.2f} | {met} |")
print("\nEvery run, s:\n")
for (g, n), v in rows.items():
    print(f"- {n}: " + ", ".join(f"{s:.2f}" for s, _ in v))
PY
cat "$OUT"
echo "written to $OUT" >&2
