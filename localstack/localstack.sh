#!/usr/bin/env bash
# LocalStack in host mode (no Docker), bound to 127.0.0.1, from a cached virtual environment.
#
#   localstack/localstack.sh install          create the cached environment (minutes, once per lock)
#   localstack/localstack.sh venv             print the environment's folder; exit 1 if not installed
#   localstack/localstack.sh run   [--port N] run in the foreground (Ctrl-C stops it)
#   localstack/localstack.sh start [--port N] run in the background, wait until healthy
#   localstack/localstack.sh stop             stop what `start` started
#   localstack/localstack.sh status           health of the running instance
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the environment,
# keyed by requirements.lock and the Python version; LOCALSTACK_PYTHON names a Python 3.13+
# (4.14.0 uses 3.12 syntax and 3.13's warnings.deprecated); LOCALSTACK_DIR is where a run keeps
# its files, log and pid (default $CRICKET_CACHE/localstack-run).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/daemon.sh
source "$HERE/../scripts/daemon.sh"
# shellcheck source=../scripts/python-env.sh
source "$HERE/../scripts/python-env.sh"
TOOL=localstack
LOCK="$HERE/requirements.lock"
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
RUN_DIR="${LOCALSTACK_DIR:-$CACHE/localstack-run}"
PORT=4566
SERVICES="s3,sqs,sts,iam,events,lambda,logs"

die() { echo "localstack.sh: $*" >&2; exit 2; }

tool_python() {
  find_python "(3, 13)" "(3, 99)" "${LOCALSTACK_PYTHON:-}" python3.13 python3.14 "pyenv:3.13*" "pyenv:3.14*"
}

install() {
  # the import loads what the runtime needs
  install_venv LocalStack \
    "no Python 3.13 or newer found (set LOCALSTACK_PYTHON); LocalStack 4.14.0 needs it" \
    'import localstack.aws.components'
}

parse_port() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) PORT="${2:?--port needs a value}"; shift 2 ;;
      *) die "unknown argument: $1" ;;
    esac
  done
}

# Host mode: LocalStack decides it runs in a container on this kind of machine unless told
# otherwise (OVERRIDE_IN_DOCKER), and its default twisted server ignores the IPv4 bind address, so
# hypercorn serves instead. No DNS server (it wants port 53), no analytics, no certificate download.
run() {
  local venv
  venv="$(installed_venv)" || die "not installed: run $0 install"
  mkdir -p "$RUN_DIR/filesystem"
  export OVERRIDE_IN_DOCKER=0
  export FILESYSTEM_ROOT="$RUN_DIR/filesystem"
  export GATEWAY_SERVER=hypercorn
  export GATEWAY_LISTEN="127.0.0.1:$PORT"
  export LOCALSTACK_HOST="127.0.0.1:$PORT"
  export SERVICES="${SERVICES_OVERRIDE:-$SERVICES}"
  export DNS_ADDRESS=0
  export DISABLE_EVENTS=1
  export SKIP_SSL_CERT_DOWNLOAD=1
  export PERSISTENCE=0
  exec "$venv/bin/python" -m localstack.runtime.main
}

healthy() {
  curl -sf "http://127.0.0.1:$PORT/_localstack/health" >/dev/null 2>&1
}

start() {
  daemon_start localstack LocalStack "$RUN_DIR" 60 bash "$HERE/localstack.sh" run --port "$PORT"
}

stop() {
  daemon_stop localstack "$RUN_DIR"
}

status() {
  daemon_port localstack "$RUN_DIR"
  curl -sf "http://127.0.0.1:$PORT/_localstack/health" || { echo "not running on 127.0.0.1:$PORT"; return 1; }
  echo
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  install) install ;;
  venv) installed_venv || { echo "not installed: run $0 install" >&2; exit 1; } ;;
  run) parse_port "$@"; run ;;
  start) parse_port "$@"; start ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
