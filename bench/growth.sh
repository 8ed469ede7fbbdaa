#!/usr/bin/env bash
# How cost grows: wall time and peak memory of bounded `reports` (--interactions off) and `query`
# against input size, and the peak memory of a streaming run against distinct hosts in one hour
# (bench/streaming.sh on a standalone cluster with a 1 GiB TaskManager, RocksDB on disk as shipped).
# Writes bench/results/<date>-growth.md and <date>-growth.png (drawn by Debian's chromium).
#
#   bench/growth.sh [--sizes 0.25,1,4,16] [--hosts 1m,10m,100m] [--max-seconds 600]
# Sizes are GB of the harness's generated log (38 M lines per GB, 100 k hosts, 24 h); for N hosts
# the streaming run reads 3N lines of N hosts, uniformly (zipf 0), within one hour, stopping after
# --max-seconds (a partial row then says how many lines it read).
set -euo pipefail
SIZES=0.25,1,4,16
HOSTS=1m,10m,100m
MAX_SECONDS=600
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --hosts) HOSTS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$HOME_DIR/bench"
DATA="$BENCH/data"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DATA" "$BENCH/results"
(cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl flink-job -am) >&2
"$HOME_DIR/bin/connwatch" --help > /dev/null # makes the class-data archive of a new jar, not timed

HOST=Loka FROM=1704085200000 TO=1704088800000 # as bench/run.sh
SIZE_ROWS="$WORK/sizes.tsv"
for gb in ${SIZES//,/ }; do
  name="$(python3 -c "g=float('$gb'); print(f'{int(g)}g' if g >= 1 else f'{int(g * 1000)}m')")"
  file="$DATA/connections-$name.log"
  lines="$(python3 -c "print(int(float('$gb') * 38_000_000))")"
  [ -f "$file" ] || "$HOME_DIR/bin/connwatch" generate --lines "$lines" --hosts 100k --out "$file" --span 24h >&2
  for cmd in reports query; do
    cat "$file" > /dev/null
    rm -rf "$WORK/out"
    if [ "$cmd" = reports ]; then
      args=(reports --input "$file" --host "$HOST" --output "$WORK/out" --interactions off --quiet)
    else
      args=(query --input "$file" --host "$HOST" --from "$FROM" --to "$TO" --quiet)
    fi
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$HOME_DIR/bin/connwatch" "${args[@]}" > /dev/null
    read -r secs rss < "$WORK/time"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$cmd" "$gb" "$(stat -c %s "$file")" "$lines" "$secs" "$rss" >> "$SIZE_ROWS"
    echo "growth: $cmd on $gb GB: $secs s, $((rss / 1024)) MB" >&2
  done
done

HOST_ROWS="$WORK/hosts.tsv"
for n in ${HOSTS//,/ }; do
  count="$(python3 -c "s='$n'; print(int(float(s[:-1]) * {'k': 10**3, 'm': 10**6}[s[-1]]) if s[-1] in 'km' else int(s))")"
  lines="$((3 * count / 1000000))m"
  [ "$count" -lt 1000000 ] && lines="$((3 * count / 1000))k"
  file="$DATA/stream-$lines-$n-z0-1h.log"
  # the generator holds every host's name: give it the heap that needs
  [ -f "$file" ] || CONNWATCH_JAVA_OPTS="-Xmx$((4 + count / 20000000))g" "$HOME_DIR/bin/connwatch" generate --lines "$lines" \
    --hosts "$n" --zipf 0 --span 1h --out "$file" >&2
  row="$("$BENCH/streaming.sh" --lines "$lines" --hosts "$n" --zipf 0 --span 1h --cluster 1g --max-seconds "$MAX_SECONDS" | tail -1)"
  printf '%s\t%s\t%s\n' "$n" "$count" "$row" >> "$HOST_ROWS"
  echo "growth: $n hosts: $row" >&2
done

OUT="$BENCH/results/$(date +%F)-growth"
python3 - "$SIZE_ROWS" "$HOST_ROWS" "$OUT" <<'PY'
import os, sys
sizes_tsv, hosts_tsv, out = sys.argv[1:]
sizes = [l.rstrip("\n").split("\t") for l in open(sizes_tsv)] if os.path.exists(sizes_tsv) else []
hosts = [l.rstrip("\n").split("\t") for l in open(hosts_tsv)] if os.path.exists(hosts_tsv) else []
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
md = [f"# How cost grows\n\nMachine: {os.cpu_count()} cores ({cpu}); whole commands, one run each, page cache warmed before each.\n",
      "## Against input size (generated log, 100 k hosts, 24 h)\n",
      "| command | GB | M lines | s | s per GB | M lines/s | peak RSS MB |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
for cmd, gb, size, lines, secs, rss in sizes:
    s = float(secs)
    md.append(f"| {cmd} | {int(size) / 1e9:.2f} | {int(lines) / 1e6:.0f} | {s:.1f} | {s / (int(size) / 1e9):.1f} | "
              f"{int(lines) / 1e6 / s:.2f} | {int(rss) / 1024:.0f} |")
md += ["\n`reports` with `--interactions off` (top_source, volume, connected_to/from of one watched host); `query` for one host and hour.\n",
       "## Against distinct hosts in one hour (streaming `run`, standalone cluster, 1 GiB TaskManager, RocksDB)\n",
       "| hosts | lines | steady M lines/s | whole M lines/s | checkpoints | failed | max checkpoint MB | peak RSS of the TaskManager MB |",
       "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
mem = []
for n, count, row in hosts:
    c = [x.strip() for x in row.strip().strip("|").split("|")]
    # streaming.sh's row: lines | hosts | zipf | span | every | where | steady | whole | checkpoints | failed | MB | s | RSS
    md.append(f"| {n} | {c[0]} | {c[6]} | {c[7]} | {c[8]} | {c[9]} | {c[10]} | {c[12]} |")
    mem.append((int(count), float(c[12]), c[0]))
open(out + ".md", "w").write("\n".join(md) + "\n")

# the plot: time per size (left), memory per hosts (right), log-log, as SVG drawn to PNG by chromium
import math
W, H, PAD = 520, 360, 60
def panel(x0, title, xlabel, ylabel, series):
    pts = [p for _, ps in series for p in ps]
    if not pts:
        return ""
    xs = [math.log10(p[0]) for p in pts]; ys = [math.log10(p[1]) for p in pts]
    xmin, xmax = min(xs) - 0.1, max(xs) + 0.1; ymin, ymax = min(ys) - 0.2, max(ys) + 0.2
    X = lambda v: x0 + PAD + (math.log10(v) - xmin) / (xmax - xmin) * (W - 2 * PAD)
    Y = lambda v: H - PAD - (math.log10(v) - ymin) / (ymax - ymin) * (H - 2 * PAD)
    svg = [f'<text x="{x0 + W / 2}" y="24" text-anchor="middle" font-size="15">{title}</text>',
           f'<line x1="{x0 + PAD}" y1="{H - PAD}" x2="{x0 + W - PAD}" y2="{H - PAD}" stroke="#333"/>',
           f'<line x1="{x0 + PAD}" y1="{PAD}" x2="{x0 + PAD}" y2="{H - PAD}" stroke="#333"/>',
           f'<text x="{x0 + W / 2}" y="{H - 18}" text-anchor="middle" font-size="12">{xlabel} (log)</text>',
           f'<text x="{x0 + 16}" y="{H / 2}" font-size="12" transform="rotate(-90 {x0 + 16} {H / 2})" text-anchor="middle">{ylabel} (log)</text>']
    colours = ["#1f77b4", "#d62728", "#2ca02c"]
    for i, (name, ps) in enumerate(series):
        ps = sorted(ps)
        path = " ".join(f"{'M' if j == 0 else 'L'}{X(a):.1f},{Y(b):.1f}" for j, (a, b) in enumerate(ps))
        svg.append(f'<path d="{path}" fill="none" stroke="{colours[i]}" stroke-width="2"/>')
        for a, b in ps:
            svg.append(f'<circle cx="{X(a):.1f}" cy="{Y(b):.1f}" r="4" fill="{colours[i]}"/>')
            svg.append(f'<text x="{X(a) + 6:.1f}" y="{Y(b) - 6:.1f}" font-size="11">{b:.0f}</text>')
        svg.append(f'<text x="{x0 + PAD + 10}" y="{PAD + 16 * (i + 1)}" font-size="12" fill="{colours[i]}">{name}</text>')
    return "\n".join(svg)
by_cmd = {}
for cmd, gb, size, lines, secs, rss in sizes:
    by_cmd.setdefault(cmd, []).append((int(size) / 1e9, float(secs)))
left = panel(0, "time against input size", "GB", "seconds", [(f"connwatch {c}", p) for c, p in by_cmd.items()])
right = panel(W, "memory against distinct hosts in an hour", "hosts", "peak RSS MB",
              [("TaskManager (1 GiB process)", [(c, r) for c, r, _ in mem])])
svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>{left}{right}</svg>'
open(out + ".svg", "w").write(svg)
PY
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1040,360 --screenshot="$OUT.png" "file://$OUT.svg" > /dev/null 2>&1 \
  || echo "growth: chromium did not draw $OUT.png" >&2
rm -f "$OUT.svg"
cat "$OUT.md"
echo "written to $OUT.md and $OUT.png" >&2
