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
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
bench_setup

HOST=Loka FROM=1704085200000 TO=1704088800000 # as bench/run.sh
SIZE_ROWS="$WORK/sizes.tsv"
for gb in ${SIZES//,/ }; do
  name="$(python3 -c "g=float('$gb'); print(f'{int(g)}g' if g >= 1 else f'{int(g * 1000)}m')")"
  lines="$(python3 -c "print(int(float('$gb') * 38_000_000))")"
  file="$(generated_log "$name" "$lines")"
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
python3 "$BENCH_LIB/growth_report.py" "$SIZE_ROWS" "$HOST_ROWS" "$OUT"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1040,380 --screenshot="$OUT.png" "file://$OUT.svg" > /dev/null 2>&1 \
  || echo "growth: chromium did not draw $OUT.png" >&2
rm -f "$OUT.svg"
cat "$OUT.md"
echo "written to $OUT.md and $OUT.png" >&2
