#!/usr/bin/env bash
# Apache Superset from PyPI, bound to 127.0.0.1, from a cached virtual environment.
#
#   superset/superset.sh install           create the cached environment (about a minute, once per lock)
#   superset/superset.sh venv              print the environment's folder; exit 1 if not installed
#   superset/superset.sh setup             metadata database, roles, admin user in SUPERSET_HOME
#   superset/superset.sh import ZIP        import a dashboard bundle (overwrites what it names,
#                                          the database's URI included)
#   superset/superset.sh run   [--port N]  run in the foreground (Ctrl-C stops it)
#   superset/superset.sh start [--port N]  setup, then run in the background, wait until healthy
#   superset/superset.sh stop              stop what `start` started
#   superset/superset.sh status            health of the running instance
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the environment,
# keyed by requirements.lock and the Python version; SUPERSET_PYTHON names a Python 3.10 to 3.12
# (default 3.11, which the lock was frozen on); SUPERSET_HOME is where Superset keeps its metadata
# database, secret key, admin password, log and pid (default $CRICKET_CACHE/superset-home);
# SUPERSET_ADMIN_USER (default admin) and SUPERSET_ADMIN_PASSWORD (default: generated once and kept
# in $SUPERSET_HOME/admin-password, mode 0600; never printed, never in a command line).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/daemon.sh
source "$HERE/../scripts/daemon.sh"
# shellcheck source=../scripts/python-env.sh
source "$HERE/../scripts/python-env.sh"
TOOL=superset
LOCK="$HERE/requirements.lock"
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
SUPERSET_HOME="${SUPERSET_HOME:-$CACHE/superset-home}"
ADMIN_USER="${SUPERSET_ADMIN_USER:-admin}"
PORT=8088

die() { echo "superset.sh: $*" >&2; exit 2; }

tool_python() {
  find_python "(3, 10)" "(3, 12)" "${SUPERSET_PYTHON:-}" \
    python3.11 "pyenv:3.11*" "pyenv:3.12*" "pyenv:3.10*" python3.12 python3.10 python3
}

install() {
  # the imports: what the server and the command line need, with the drivers the bundle names
  install_venv Superset \
    "no Python 3.10 to 3.12 found (set SUPERSET_PYTHON); Superset 6.1.0 needs one" \
    'import superset.cli.main, superset.db_engine_specs.aws_iam, duckdb_engine, psycopg2, gunicorn'
}

parse_port() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) PORT="${2:?--port needs a value}"; shift 2 ;;
      *) die "unknown argument: $1" ;;
    esac
  done
}

# The environment every Superset process of this home runs with.
superset_env() {
  VENV="$(installed_venv)" || die "not installed: run $0 install"
  mkdir -p "$SUPERSET_HOME"
  chmod 700 "$SUPERSET_HOME"
  if [ ! -s "$SUPERSET_HOME/secret_key" ]; then
    (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))' >"$SUPERSET_HOME/secret_key")
  fi
  export SUPERSET_HOME
  export SUPERSET_CONFIG_PATH="$HERE/superset_config.py"
  export FLASK_APP=superset
  export SUPERSET_LOAD_EXAMPLES=no
  export PYTHONUNBUFFERED=1
}

superset_cli() {
  "$VENV/bin/superset" "$@"
}

# Idempotent: the schema and roles once per environment (a new lock may bring migrations), the
# admin user whenever its name or password changes. Only hashes of passwords are kept for that.
setup() {
  superset_env
  local marker="$SUPERSET_HOME/.setup-$(basename "$VENV")"
  if [ ! -f "$marker" ]; then
    superset_cli db upgrade >"$SUPERSET_HOME/setup.log" 2>&1 || { tail -30 "$SUPERSET_HOME/setup.log" >&2; die "superset db upgrade failed (log: $SUPERSET_HOME/setup.log)"; }
    superset_cli init >>"$SUPERSET_HOME/setup.log" 2>&1 || { tail -30 "$SUPERSET_HOME/setup.log" >&2; die "superset init failed (log: $SUPERSET_HOME/setup.log)"; }
    touch "$marker"
  fi
  local password="${SUPERSET_ADMIN_PASSWORD:-}"
  if [ -z "$password" ]; then
    if [ ! -s "$SUPERSET_HOME/admin-password" ]; then
      (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(15))' >"$SUPERSET_HOME/admin-password")
      echo "Superset admin password generated for $ADMIN_USER: kept in $SUPERSET_HOME/admin-password"
    fi
    password="$(cat "$SUPERSET_HOME/admin-password")"
  fi
  local applied
  applied="$(printf '%s\n%s' "$ADMIN_USER" "$password" | sha256sum | cut -c1-64)"
  if [ "$(cat "$SUPERSET_HOME/.admin" 2>/dev/null)" != "$applied" ]; then
    # the password goes in the environment of that one process, never in a command line
    CRICKET_ADMIN_PASSWORD="$password" "$VENV/bin/python" "$HERE/admin_user.py" "$ADMIN_USER" \
      >>"$SUPERSET_HOME/setup.log" 2>&1 || { tail -20 "$SUPERSET_HOME/setup.log" >&2; die "cannot create the admin user (log: $SUPERSET_HOME/setup.log)"; }
    (umask 077 && echo "$applied" >"$SUPERSET_HOME/.admin")
  fi
}

import_bundle() {
  local zip="${1:?import needs a ZIP file}"
  [ -f "$zip" ] || die "no such file: $zip"
  superset_env
  "$VENV/bin/python" "$HERE/import_bundle.py" "$zip" "$ADMIN_USER" >"$SUPERSET_HOME/import.log" 2>&1 ||
    { tail -40 "$SUPERSET_HOME/import.log" >&2; die "import of $zip failed (log: $SUPERSET_HOME/import.log)"; }
  tail -1 "$SUPERSET_HOME/import.log"
}

# gunicorn with one worker process and threads: two cores, and the browser asks for every chart
# of a dashboard at once.
run() {
  superset_env
  exec "$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 --worker-class gthread --threads 8 \
    --timeout 120 --graceful-timeout 5 --limit-request-line 0 --limit-request-field_size 0 \
    --access-logfile - --error-logfile - "superset.app:create_app()"
}

healthy() {
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1
}

start() {
  daemon_refuse_if_running superset "$SUPERSET_HOME"
  setup
  daemon_start superset Superset "$SUPERSET_HOME" 120 bash "$HERE/superset.sh" run --port "$PORT"
}

stop() {
  daemon_stop superset "$SUPERSET_HOME"
}

status() {
  daemon_port superset "$SUPERSET_HOME"
  curl -sf "http://127.0.0.1:$PORT/health" || { echo "not running on 127.0.0.1:$PORT"; return 1; }
  echo
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  install) install ;;
  venv) installed_venv || { echo "not installed: run $0 install" >&2; exit 1; } ;;
  setup) setup ;;
  import) import_bundle "$@" ;;
  run) parse_port "$@"; run ;;
  start) parse_port "$@"; start ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
