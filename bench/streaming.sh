#!/usr/bin/env bash
# Streaming throughput and memory of `connwatch run` (embedded Flink, conf/config.yaml: RocksDB,
# incremental checkpoints) on one generated file: the job reads the file (its first leg), then
# follows it; the script samples the parse operator's linesRead metric through the REST API every
# second and the process's resident memory, and stops the job once every line is read.
# Steady state = lines/s between 10 % and 90 % of the lines. Adds a row under the table of
# bench/results/<date>-streaming.md (notes below the table stay below).
#
#   bench/streaming.sh [--lines 30m] [--hosts 100k] [--zipf 1.0] [--span 24h]
#                      [--checkpoint-interval 10s] [--heap 600m] [--max-seconds 3600] [--cluster 1g]
# With --max-seconds, a run not done by then is measured on the lines read so far (marked partial).
# With --cluster SIZE the job runs on a standalone cluster (bin/cluster, in a temporary directory)
# whose TaskManager process is SIZE (taskmanager.memory.process.size); RSS is then the TaskManager's.
set -euo pipefail
LINES=30m
HOSTS=100k
ZIPF=1.0
SPAN=24h
INTERVAL=10s
HEAP=
MAX_SECONDS=3600
CLUSTER=
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) LINES=$2; shift 2 ;;
    --hosts) HOSTS=$2; shift 2 ;;
    --zipf) ZIPF=$2; shift 2 ;;
    --span) SPAN=$2; shift 2 ;;
    --checkpoint-interval) INTERVAL=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    --cluster) CLUSTER=$2; shift 2 ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$HOME_DIR/bench/data"
FILE="$DATA/stream-$LINES-$HOSTS-z$ZIPF-$SPAN.log"
WORK="$(mktemp -d)"
mkdir -p "$DATA" "$HOME_DIR/bench/results"
(cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl flink-job -am) >&2
"$HOME_DIR/bin/connwatch" --help > /dev/null # makes the class-data archive of a new jar, not timed
[ -f "$FILE" ] || CONNWATCH_JAVA_OPTS="-Xmx4g" "$HOME_DIR/bin/connwatch" generate --lines "$LINES" --hosts "$HOSTS" \
  --zipf "$ZIPF" --span "$SPAN" --out "$FILE"
cat "$FILE" > /dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OPTS=""
[ -n "$HEAP" ] && OPTS="-Xmx$HEAP"
ARGS=(run --input "$FILE" --host Loka --output "$WORK/out" --checkpoint-interval "$INTERVAL" --idle-timeout 1h)
if [ -z "$CLUSTER" ]; then
  # its checkpoints go to savepoints/checkpoints/<job id>/ (removed at the end)
  CONNWATCH_JAVA_OPTS="$OPTS" "$HOME_DIR/bin/connwatch" "${ARGS[@]}" --web-port "$PORT" --quiet \
    > "$WORK/stdout" 2> "$WORK/stderr" &
  PID=$!
  RSS_PID=$PID
  WHERE="${HEAP:-default}"
  CPDIR="$HOME_DIR/savepoints/checkpoints"
  stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
else
  export CONNWATCH_CLUSTER_DIR="$WORK/cluster" CONNWATCH_SAVEPOINTS="$WORK/savepoints" CONNWATCH_REST_PORT="$PORT"
  export CONNWATCH_CLUSTER_OPTS="-D taskmanager.memory.process.size=$CLUSTER -D taskmanager.numberOfTaskSlots=2" # as measured before conf had 4
  stop() { "$HOME_DIR/bin/cluster" stop > /dev/null 2>&1 || true; }
  trap 'stop; rm -rf "$WORK"' EXIT
  "$HOME_DIR/bin/cluster" start >&2
  "$HOME_DIR/bin/connwatch-job" submit -- "${ARGS[@]}" >&2
  RSS_PID=$(cat "$CONNWATCH_CLUSTER_DIR/taskmanager.pid")
  WHERE="standalone TaskManager process $CLUSTER"
  CPDIR="$CONNWATCH_SAVEPOINTS/checkpoints"
fi
trap 'stop; rm -rf "$WORK"' EXIT
python3 - "$PORT" "$RSS_PID" "$FILE" "$LINES" "$HOSTS" "$ZIPF" "$SPAN" "$INTERVAL" "$WHERE" \
  "$HOME_DIR/bench/results/$(date +%F)-streaming.md" "$CPDIR" "$MAX_SECONDS" <<'PY'
import json, os, shutil, sys, time, urllib.request
port, pid, file, lines_arg, hosts, zipf, span, interval, heap, out, cpdir, max_seconds = sys.argv[1:]
base = f"http://127.0.0.1:{port}"
total = int(os.popen(f"wc -l < '{file}'").read())

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.load(r)

def rss_kb(kind):  # bin/connwatch execs java: pid is the JVM's (or the TaskManager's)
    try:
        with open(f"/proc/{pid}/status") as f:
            for l in f:
                if l.startswith(kind):
                    return int(l.split()[1])
    except FileNotFoundError:  # the process is gone: an out-of-memory kill shows as restarts below
        pass
    return 0

t0 = time.time()
job = None
while job is None:
    if time.time() - t0 > 120:
        sys.exit("streaming: the job did not start")
    try:
        jobs = get("/jobs")["jobs"]
        running = [j["id"] for j in jobs if j["status"] == "RUNNING"]
        job = running[0] if running else None
    except Exception:
        pass
    time.sleep(0.5)
vertex = metric = None
while metric is None:
    for v in get(f"/jobs/{job}")["vertices"]:
        if "parse lines" in v["name"]:
            vertex = v["id"]
            ids = [m["id"] for m in get(f"/jobs/{job}/vertices/{vertex}/subtasks/metrics")]
            # the parse operator's, not the reader's tail.linesRead in the same vertex
            metric = next((i for i in ids if i.endswith("parse_lines.linesRead")), None)
    time.sleep(0.5)
samples = []
peak = 0
while True:
    s = get(f"/jobs/{job}/vertices/{vertex}/subtasks/metrics?get={metric}&agg=sum")
    n = int(float(s[0]["sum"])) if s else 0
    samples.append((time.time(), n))
    peak = max(peak, rss_kb("VmHWM:"))
    if n >= total or time.time() - t0 > float(max_seconds):
        break
    time.sleep(1)
m = get(f"/jobs/{job}/metrics?get=numRestarts")  # an out-of-memory kill of the TaskManager shows here
restarts = int(float(m[0]["value"])) if m else 0
if restarts:
    heap += f", {restarts} restart(s)"
cps = get(f"/jobs/{job}/checkpoints")
counts = cps["counts"]
for h in cps.get("history", []):
    if h.get("status") == "FAILED":
        print(f"checkpoint {h.get('id')} failed: {h.get('failure_message')}", file=sys.stderr)
summary = cps.get("summary", {})
size = summary.get("checkpointed_size", summary.get("state_size", {})).get("max", 0)
dur = summary.get("end_to_end_duration", {}).get("max", 0)

def at(frac):
    for t, n in samples:
        if n >= frac * total:
            return t, n
    return samples[-1]

read = samples[-1][1]
(ta, na), (tb, nb) = at(0.1), (at(0.9) if read >= total else samples[-1])
steady = (nb - na) / (tb - ta) if tb > ta else float("nan")
whole = read / (samples[-1][0] - samples[0][0]) if len(samples) > 1 else float("nan")
lines_cell = lines_arg if read >= total else f"{lines_arg} (partial: {read / 1e6:.1f} M read in {max_seconds} s)"
row = (f"| {lines_cell} | {hosts} | {zipf} | {span} | {interval} | {heap} | {steady / 1e6:.2f} | {whole / 1e6:.2f} | "
       f"{counts['completed']} | {counts['failed']} | {size / 1e6:.1f} | {dur / 1000:.1f} | {peak / 1024:.0f} |")
new = not os.path.exists(out)
if new:
    with open(out, "w") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        f.write(f"# connwatch run: streaming throughput and memory\n\nMachine: {os.cpu_count()} cores ({cpu}). "
                "An embedded run (JobManager, TaskManager and client in one JVM), or with --cluster a standalone "
                "cluster (the heap column says which), conf/config.yaml: RocksDB, incremental checkpoints, exactly-once. "
                "Steady = lines/s between 10 % and 90 % of the file read; RSS = peak resident memory of the process "
                "that runs the job (the embedded JVM, or the TaskManager).\n\n"
                "| lines | hosts | zipf | span | checkpoint every | heap | steady M lines/s | whole M lines/s | "
                "checkpoints | failed | max checkpoint MB | max checkpoint s | peak RSS MB |\n"
                "| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" + row + "\n")
else:  # a row goes under the table's last row, above any notes written below it
    with open(out) as f:
        text = f.read().split("\n")
    first = next(i for i, l in enumerate(text) if l.startswith("|"))
    last = first
    while last + 1 < len(text) and text[last + 1].startswith("|"):
        last += 1
    text.insert(last + 1, row)
    with open(out, "w") as f:
        f.write("\n".join(text))
print(row)
shutil.rmtree(os.path.join(cpdir, job), ignore_errors=True)
PY
stop
