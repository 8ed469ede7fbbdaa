#!/usr/bin/env bash
# The Kafka legs of bench/run.sh, each timed as a whole command against Kafka's own perf tools on the
# same broker (bin/kafka with CONNWATCH_KAFKA_DIR and CONNWATCH_KAFKA_PORT, set by run.sh):
#
#   bench/kafka-legs.sh setup FILE          start the broker; fill topic bench.lines with FILE (untimed)
#   bench/kafka-legs.sh forward FILE        connwatch forward of FILE into a new topic, until every line is sent
#   bench/kafka-legs.sh producer-perf FILE  kafka-producer-perf-test: as many records of FILE's mean line size
#   bench/kafka-legs.sh run FILE HOST       connwatch run --source kafka on bench.lines, until every line is parsed
#   bench/kafka-legs.sh consumer-perf FILE  kafka-consumer-perf-test: every record of bench.lines
#   bench/kafka-legs.sh teardown            stop the broker
#
# connwatch's jobs run as shipped (exactly-once, --checkpoint-interval 5s) and are killed once their
# metric (records sent by the Kafka writer, lines parsed) reaches the file's line count.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
BOOTSTRAP="127.0.0.1:${CONNWATCH_KAFKA_PORT:-9092}"
LEG=${1:-}
[ $# -ge 1 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
shift

lines_of() { wc -l < "$1"; }
kafka_class() { # main-class args...
  java -Dlog4j.configurationFile="$HOME_DIR/conf/log4j-cli.properties" -cp "$(cat "$HOME_DIR/kafka-broker/target/classpath.txt")" "$@"
}

# Runs a connwatch streaming command in the background until the sum of a metric (by name suffix)
# over its job's subtasks reaches N (and, with SETTLE=K, K more checkpoints have completed after
# that), then kills it. Args: N SUFFIX connwatch-args...
until_metric() {
  local n=$1 suffix=$2 work port pid
  shift 2
  work="$(mktemp -d)"
  port="$(free_port)"
  CONNWATCH_SAVEPOINTS="$work/savepoints" "$HOME_DIR/bin/connwatch" "$@" --web-port "$port" --quiet \
    > "$work/stdout" 2> "$work/stderr" &
  pid=$!
  # shellcheck disable=SC2064
  trap "kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf '$work'" EXIT
  python3 - "$port" "$n" "$suffix" "$pid" "$work/stderr" "${SETTLE:-0}" <<'PY'
import json, os, sys, time, urllib.request
sys.path.insert(0, os.environ["BENCH_LIB"])
from proc import alive
port, n, suffix, pid, stderr, settle = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6])

def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        return json.load(r)

deadline = time.time() + 3600
while True:
    if not alive(pid) or time.time() > deadline:
        sys.exit(f"kafka-legs: the job ended or timed out before {n} records ({suffix}):\n" + open(stderr).read())
    total = 0
    try:
        for job in get("/jobs")["jobs"]:
            for v in get(f"/jobs/{job['id']}")["vertices"]:
                ids = [m["id"] for m in get(f"/jobs/{job['id']}/vertices/{v['id']}/subtasks/metrics")]
                want = [i for i in ids if i.endswith(suffix)]
                if want:
                    rows = get(f"/jobs/{job['id']}/vertices/{v['id']}/subtasks/metrics?get={','.join(want)}&agg=sum")
                    total += sum(int(float(r["sum"])) for r in rows)
    except Exception:
        pass
    if total >= n:
        break
    time.sleep(0.2)

def completed():
    return sum(get(f"/jobs/{j['id']}/checkpoints")["counts"]["completed"] for j in get("/jobs")["jobs"])

if settle:
    target = completed() + settle
    while completed() < target:
        if not alive(pid) or time.time() > deadline:
            sys.exit("kafka-legs: the job ended before its last checkpoints:\n" + open(stderr).read())
        time.sleep(0.5)
PY
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  trap - EXIT
}

case "$LEG" in
  setup)
    FILE=$1
    "$HOME_DIR/bin/kafka" start >&2
    "$HOME_DIR/bin/kafka" create-topic bench.lines 2 >&2
    # the forwarder commits its transactions at checkpoints: two more after the last line is sent
    work="$(mktemp -d -p "$(dirname "$FILE")")"; log_folder "$work" "$FILE"
    SETTLE=2 until_metric "$(lines_of "$FILE")" .numRecordsSend forward --input "$work/logs" --kafka "$BOOTSTRAP" \
      --topic bench.lines --fresh --checkpoint-interval 2s
    echo "kafka-legs: bench.lines holds the $(lines_of "$FILE") lines of $FILE, committed" >&2
    rm -rf "$work"
    ;;
  forward)
    FILE=$1
    topic="bench.forward.$$.$RANDOM"
    "$HOME_DIR/bin/kafka" create-topic "$topic" 2 > /dev/null
    work="$(mktemp -d -p "$(dirname "$FILE")")"; log_folder "$work" "$FILE"
    until_metric "$(lines_of "$FILE")" .numRecordsSend forward --input "$work/logs" --kafka "$BOOTSTRAP" --topic "$topic" \
      --fresh --checkpoint-interval 5s
    rm -rf "$work"
    "$HOME_DIR/bin/kafka" delete-topic "$topic" > /dev/null # each run's copy of the file
    ;;
  producer-perf)
    FILE=$1
    n="$(lines_of "$FILE")"
    size=$(( $(stat -c %s "$FILE") / n - 1 )) # the mean line, without its newline
    topic="bench.perf.$$.$RANDOM"
    "$HOME_DIR/bin/kafka" create-topic "$topic" 2 > /dev/null
    kafka_class org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$n" --record-size "$size" \
      --throughput -1 --producer-props bootstrap.servers="$BOOTSTRAP"
    "$HOME_DIR/bin/kafka" delete-topic "$topic" > /dev/null
    ;;
  run)
    FILE=$1 HOST=$2
    work="$(mktemp -d)"
    until_metric "$(lines_of "$FILE")" parse_lines.linesRead run --source kafka --kafka "$BOOTSTRAP" --topic bench.lines \
      --kafka-group "bench-$$-$RANDOM" --kafka-topic-prefix "bench.run$$" --host "$HOST" --output "$work/out" --checkpoint-interval 5s
    rm -rf "$work"
    ;;
  consumer-perf)
    FILE=$1
    kafka_class org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic bench.lines \
      --messages "$(lines_of "$FILE")" --group "bench-perf-$$-$RANDOM"
    ;;
  teardown)
    "$HOME_DIR/bin/kafka" stop >&2
    ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
