# Sourced by localstack/localstack.sh and superset/superset.sh: runs a server in the background
# with its pid, port and log in a folder, waits until it is healthy, and stops it again. The
# sourcing script defines `healthy` (uses $PORT) and `die`, and sets PORT.

# Refuses to go on when NAME already runs from DIR.
daemon_refuse_if_running() {
  local pidfile="$2/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null &&
    die "already running (pid $(cat "$pidfile"))"
  return 0
}

# daemon_start NAME LABEL DIR SECONDS COMMAND...: starts COMMAND in the background, its output in
# DIR/NAME.log, and returns once `healthy` holds (or dies with the log's tail).
daemon_start() {
  local name="$1" label="$2" dir="$3" seconds="$4"
  shift 4
  local pidfile="$dir/$name.pid" log="$dir/$name.log" started
  daemon_refuse_if_running "$name" "$dir"
  mkdir -p "$dir"
  started=$(date +%s%N)
  "$@" >"$log" 2>&1 &
  echo $! >"$pidfile"
  echo "$PORT" >"$dir/$name.port"
  for _ in $(seq 1 $((seconds * 4))); do
    if healthy; then
      echo "$label on http://127.0.0.1:$PORT in $((($(date +%s%N) - started) / 1000000)) ms (log: $log)"
      return 0
    fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -20 "$log" >&2; die "$label exited"; }
    sleep 0.25
  done
  die "$label not healthy after $seconds s (log: $log)"
}

# daemon_stop NAME DIR: stops what daemon_start started (SIGTERM, up to 10 s).
daemon_stop() {
  local pidfile="$2/$1.pid"
  [ -f "$pidfile" ] || { echo "not running"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$pidfile"
  echo "stopped"
}

# daemon_port NAME DIR: sets PORT to the port daemon_start recorded, if any.
daemon_port() {
  [ -f "$2/$1.port" ] && PORT="$(cat "$2/$1.port")"
  return 0
}
