#!/usr/bin/env bash
# Memory of regroup and of the interaction report on the local cluster with one 1 GiB TaskManager
# (2 slots, RocksDB as shipped): peak resident memory of the TaskManager process while
#   1. regroup --by source sorts a file of about 10 M distinct source hosts (40 M lines, uniform
#      hosts), and
#   2. run --interactions all holds about 10 M open pairs (10 M lines of random pairs within four
#      minutes of event time: no interaction is over before all are read).
# Prints the figures; the files go to bench/data/ (made once).
#
#   bench/memory.sh [regroup|interactions|both]
set -euo pipefail
WHAT=${1:-both}
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$HOME_DIR/bench/data"
WORK="$(mktemp -d)"
export CONNWATCH_CLUSTER_DIR="$WORK/cluster" CONNWATCH_SAVEPOINTS="$WORK/savepoints" CONNWATCH_REST_PORT=18081
# 2 slots as when the results were taken (conf/config.yaml has 4 since bin/pipeline runs two jobs)
export CONNWATCH_CLUSTER_OPTS="-D taskmanager.memory.process.size=1024m -D taskmanager.numberOfTaskSlots=2"
trap '"$HOME_DIR/bin/cluster" stop > /dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$DATA"
rest() { curl -sf "http://127.0.0.1:$CONNWATCH_REST_PORT$1"; }
job_state() { rest "/jobs/$1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])' 2>/dev/null || echo UNKNOWN; }
tm_pid() { cat "$CONNWATCH_CLUSTER_DIR/taskmanager.pid"; }
peak_rss_mb() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$(tm_pid)/status"; }

"$HOME_DIR/bin/cluster" start > /dev/null
echo "TaskManager: taskmanager.memory.process.size 1024m, pid $(tm_pid), RSS at start $(peak_rss_mb) MB"

if [ "$WHAT" != interactions ]; then
  FILE="$DATA/hosts-10m.log"
  [ -f "$FILE" ] || "$HOME_DIR/bin/connwatch" generate --lines 40m --hosts 10m --zipf 0 --out "$FILE" --quiet
  start=$(date +%s.%N)
  job=$("$HOME_DIR/bin/connwatch-job" submit --parallelism 2 -- regroup --input "$FILE" --by source --output "$WORK/store" \
    | sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p')
  while [ "$(job_state "$job")" != FINISHED ]; do
    [ "$(job_state "$job")" = FAILED ] && { echo "regroup failed" >&2; exit 1; }
    sleep 1
  done
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  hosts=$(cat "$WORK"/store/_index/*.idx | wc -l)
  printf 'regroup: %s lines, %s distinct source hosts, %.0f s, TaskManager peak RSS %s MB\n' \
    "$(cat "$WORK"/store/*.log | wc -l)" "$hosts" "$secs" "$(peak_rss_mb)"
  rm -rf "$WORK/store"
fi

if [ "$WHAT" != regroup ]; then
  PAIRS="$DATA/pairs-10m/app.log"
  mkdir -p "$(dirname "$PAIRS")"
  [ -f "$PAIRS" ] || "$HOME_DIR/bin/connwatch" generate --lines 10m --hosts 10m --zipf 0 --span 4m --disorder 0 --out "$PAIRS" --quiet
  pairs=$(awk '{print $2, $3}' "$PAIRS" | sort -u | wc -l)
  job=$("$HOME_DIR/bin/connwatch-job" submit --parallelism 2 -- run --input "$(dirname "$PAIRS")" --host nobody \
    --interactions all --output "$WORK/reports" --checkpoint-interval 30s \
    | sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p')
  total=$(wc -l < "$PAIRS")
  source=""
  while [ -z "$source" ]; do
    sleep 2
    source=$(rest "/jobs/$job" 2>/dev/null | python3 -c 'import json,sys
print(next(v["id"] for v in json.load(sys.stdin)["vertices"] if v["name"].startswith("Source")))' 2>/dev/null || true)
  done
  metric() { rest "/jobs/$job/vertices/$source/subtasks/metrics?get=parse_lines.linesRead&agg=sum" 2>/dev/null \
    | python3 -c 'import json,sys; print(int(json.load(sys.stdin)[0]["sum"]))' 2>/dev/null || echo 0; }
  checkpoint() { rest "/jobs/$job/checkpoints" 2>/dev/null | python3 -c 'import json,sys
c=json.load(sys.stdin); l=(c.get("latest") or {}).get("completed") or {}
print(c["counts"]["completed"], l.get("state_size", 0) // 1048576)' 2>/dev/null || echo "0 0"; }
  start=$(date +%s)
  # until every line is in the interaction state (no interaction is over yet), then one more checkpoint
  while [ "$(metric)" -lt "$total" ]; do
    sleep 10
    echo "  t+$(( $(date +%s) - start )) s: $(metric) lines read, TaskManager peak RSS $(peak_rss_mb) MB" >&2
  done
  read -r done _ <<< "$(checkpoint)"
  while read -r now size <<< "$(checkpoint)" && [ "$now" -le "$done" ]; do sleep 2; done
  printf 'interactions: %s lines in %s s, %s distinct pairs open at once, checkpointed state %s MB, TaskManager peak RSS %s MB\n' \
    "$total" "$(( $(date +%s) - start ))" "$pairs" "$size" "$(peak_rss_mb)"
  "$HOME_DIR/bin/connwatch-job" cancel "$job" > /dev/null
fi
