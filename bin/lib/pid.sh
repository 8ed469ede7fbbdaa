# Sourced by the scripts of bin/. Whether a process runs: a process that was killed but not yet
# reaped by its parent (a zombie, as an orphan stays where init does not reap) does not.
process_running() { # pid
  kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}

pid_running() { # pid-file
  [ -f "$1" ] && process_running "$(cat "$1")"
}
