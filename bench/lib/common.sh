# Shared by the bench scripts (sourced): their folders, a free port, the set-up before timing, and
# the harness's generated log.
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$HOME_DIR/bench"
DATA="$BENCH/data"
export BENCH_LIB="$BENCH/lib" # the inline Python's helpers (proc.py)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A work folder removed at exit ($WORK), the job jar built, and the class-data archive of a new jar
# made (not timed).
bench_setup() {
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$DATA" "$BENCH/results"
  (cd "$HOME_DIR" && mvn -B -q -DskipTests package -pl flink-job -am) >&2
  "$HOME_DIR/bin/connwatch" --help > /dev/null
}

# log_folder DIR FILE: DIR/logs/app.log is FILE, hard-linked (a copy where the link cannot be made,
# before any timing starts), for a command that reads a folder of logs.
log_folder() {
  mkdir -p "$1/logs"
  ln "$2" "$1/logs/app.log" 2>/dev/null || cp "$2" "$1/logs/app.log"
}

# generated_log NAME LINES: prints the path of the harness's log (100 k hosts, Zipf, 24 h of lines),
# generating it the first time.
generated_log() {
  local file="$DATA/connections-$1.log"
  [ -f "$file" ] || "$HOME_DIR/bin/connwatch" generate --lines "$2" --hosts 100k --out "$file" --span 24h >&2
  echo "$file"
}
