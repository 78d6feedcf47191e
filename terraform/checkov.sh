#!/usr/bin/env bash
# checkov (PyPI), the offline security scanner for Terraform, from a cached virtual environment.
#
#   terraform/checkov.sh install   create the cached environment (a minute or two, once per version)
#   terraform/checkov.sh venv      print the environment's folder; exit 1 if not installed
#   terraform/checkov.sh scan      scan terraform/ (the skips with their reasons are in the .tf files)
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the environment,
# keyed by the checkov version and the Python version; CHECKOV_PYTHON names the Python (default python3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHECKOV_VERSION=3.3.30
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
PYTHON="${CHECKOV_PYTHON:-python3}"

die() { echo "checkov.sh: $*" >&2; exit 2; }
# shellcheck source=../scripts/python-env.sh
source "$HERE/../scripts/python-env.sh" # for venv_pip_install

venv_dir() {
  local version
  version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ||
    die "no Python ($PYTHON); set CHECKOV_PYTHON"
  echo "$CACHE/checkov-$CHECKOV_VERSION-py$version"
}

installed_venv() {
  local venv
  command -v "$PYTHON" >/dev/null 2>&1 || return 1
  venv="$(venv_dir)"
  [ -f "$venv/.complete" ] || return 1
  echo "$venv"
}

install() {
  local venv started
  command -v "$PYTHON" >/dev/null 2>&1 || die "no Python ($PYTHON); set CHECKOV_PYTHON"
  venv="$(venv_dir)"
  if [ -f "$venv/.complete" ]; then
    echo "checkov environment cached: $venv"
    return 0
  fi
  started=$(date +%s)
  mkdir -p "$CACHE"
  rm -rf "$venv" # a partial install from an interrupted run
  "$PYTHON" -m venv "$venv"
  venv_pip_install "$PYTHON" "$venv" --quiet "checkov==$CHECKOV_VERSION"
  "$venv/bin/checkov" --version >/dev/null
  touch "$venv/.complete"
  echo "checkov $CHECKOV_VERSION installed in $(($(date +%s) - started)) s: $venv"
}

# Offline: no download of external modules, no call to Bridgecrew's platform.
scan() {
  local venv
  venv="$(installed_venv)" || die "not installed: run $0 install"
  exec "$venv/bin/checkov" --directory "$HERE" --framework terraform --compact --quiet \
    --skip-download --download-external-modules false "$@"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  install) install ;;
  venv) installed_venv || { echo "checkov is not installed: run $0 install" >&2; exit 1; } ;;
  scan) scan "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
