#!/usr/bin/env bash
# The cost of the report store: `reports` on the 1 GB benchmark file (bench/run.sh makes it) with
# and without --jdbc-url, A/B in one farm-bench run, against a PostgreSQL started here with
# bin/postgres on a free port (data in a temporary folder, removed at the end). Prints farm-bench's
# table and the rows the store then holds.
#
#   bench/store.sh [RUNS]
set -euo pipefail
RUNS=${1:-3}
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$HOME_DIR/bench/data/connections-1g.log"
[ -f "$FILE" ] || { echo "store.sh: $FILE is missing; bench/run.sh makes it" >&2; exit 1; }
HOST=$(head -1 "$FILE" | awk '{print $3}')
WORK="$(mktemp -d /tmp/connwatch-store-bench.XXXXXX)"
chmod 755 "$WORK" # as root the server runs as user postgres, which must reach its data folder
export CONNWATCH_PG_DATA="$WORK/pg" CONNWATCH_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="jdbc:postgresql://127.0.0.1:$CONNWATCH_PG_PORT/connwatch?user=connwatch"
trap '"$HOME_DIR/bin/postgres" stop > /dev/null; rm -rf "$WORK"' EXIT
"$HOME_DIR/bin/postgres" start > /dev/null
"$HOME_DIR/bin/connwatch" --help > /dev/null # builds the jar once, outside the timings

# each run writes a new output folder (reports refuses a folder with reports in it)
files="rm -rf $WORK/out-a && $HOME_DIR/bin/connwatch reports --input $FILE --host $HOST --output $WORK/out-a --quiet"
store="rm -rf $WORK/out-b && $HOME_DIR/bin/connwatch reports --input $FILE --host $HOST --output $WORK/out-b --jdbc-url '$URL' --quiet"
echo "reports on $(du -h "$FILE" | cut -f1) watching $HOST: with the store (A) vs files only (B), $RUNS runs each"
farm-bench -n "$RUNS" --warmup 0 --timeout 900 --vs "bash -c \"$files\"" -- bash -c "$store"
"$HOME_DIR/bin/postgres" psql -c "SELECT 'connected_to' AS report_table, count(*) FROM connwatch.connected_to UNION ALL
  SELECT 'connected_from', count(*) FROM connwatch.connected_from UNION ALL SELECT 'top_source', count(*) FROM connwatch.top_source
  UNION ALL SELECT 'volume', count(*) FROM connwatch.volume UNION ALL SELECT 'interaction', count(*) FROM connwatch.interaction"
