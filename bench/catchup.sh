#!/usr/bin/env bash
# Streaming catch-up, timed as a whole command by bench/run.sh: `connwatch run --checkpoint-interval 5s`
# (embedded, RocksDB and exactly-once checkpoints as shipped) started on a directory that already
# holds FILE; ends as soon as every complete hour's top_source report is in a finished file (the file
# sink finishes its files at checkpoints), then kills the job. A complete hour ends at least the
# allowed disorder (5 minutes) before the newest line, so the watermark has passed it.
#
#   bench/catchup.sh FILE HOST
set -euo pipefail
[ $# = 2 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
FILE=$1 HOST=$2
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
WORK="$(mktemp -d -p "$(dirname "$FILE")")" # beside the file: its hard link needs the same file system
log_folder "$WORK" "$FILE"
PORT="$(free_port)"
CONNWATCH_SAVEPOINTS="$WORK/savepoints" "$HOME_DIR/bin/connwatch" run --input "$WORK/logs" --host "$HOST" \
  --output "$WORK/out" --checkpoint-interval 5s --web-port "$PORT" --quiet > "$WORK/stdout" 2> "$WORK/stderr" &
PID=$!
trap 'kill -9 $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - "$FILE" "$WORK/out/top_source" "$PID" "$WORK/stderr" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["BENCH_LIB"])
from proc import alive
from datetime import datetime, timezone
file, reports, pid, stderr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def millis(line):
    ts = int(line.split()[0])
    return ts if ts >= 10**11 else ts * 1000

with open(file, "rb") as f:
    first = millis(f.readline())
    f.seek(max(0, os.path.getsize(file) - 65536))
    newest = max(millis(l) for l in f.read().splitlines()[1:] if l.strip())
HOUR = 3_600_000
hours = range(first // HOUR * HOUR, (newest - 5 * 60_000) // HOUR * HOUR, HOUR)  # those ending before newest - 5 min
want = {datetime.fromtimestamp(h / 1000, timezone.utc).strftime("%Y-%m-%d/%H") for h in hours}

def finished():
    done = set()
    for h in want:
        d = os.path.join(reports, h)
        if os.path.isdir(d) and any(n.startswith("part-") for n in os.listdir(d)):
            done.add(h)
    return done

deadline = time.time() + 3600
while finished() != want:
    if not alive(pid) or time.time() > deadline:
        sys.exit("catchup: run ended or timed out before every complete hour was reported:\n" + open(stderr).read())
    time.sleep(0.2)
print(f"catchup: {len(want)} complete hours reported", file=sys.stderr)
PY
