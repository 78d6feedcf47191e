#!/usr/bin/env bash
# The DuckDB extensions the warehouse loads (ducklake; sqlite_scanner and postgres_scanner for its
# catalog; quack, and httpfs under it, for the DuckDB sink's live read path), from PyPI, pinned
# and hash-checked in duckdb-extensions.lock (the wheels) and duckdb-extensions.sha256 (the
# extension files in them), kept in a cached folder laid out as DuckDB's own extension directory:
# DuckDB loads them from there by name, with no download.
#
#   warehouse/duckdb-extensions.sh install   install once per lock (about 45 MB; seconds), then
#                                            print the extension directory as `path` does
#   warehouse/duckdb-extensions.sh path      print the extension directory; exit 1 if not installed
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the folder, keyed by
# the lock and the Python version.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/python-env.sh
source "$HERE/../scripts/python-env.sh"
TOOL=duckdb-extensions
LOCK="$HERE/duckdb-extensions.lock"
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
DUCKDB_VERSION=v1.5.5
PLATFORM=linux_amd64

die() { echo "duckdb-extensions.sh: $*" >&2; exit 2; }

tool_python() {
  find_python "(3, 9)" "(3, 99)" "" python3.11 python3 python3.12 python3.13
}

# DuckDB's layout: <directory>/<version>/<platform>/<name>.duckdb_extension
install() {
  [ "$(uname -sm)" = "Linux x86_64" ] || die "the extension wheels in the lock are for Linux x86_64 only, not $(uname -sm)"
  install_venv "DuckDB extensions" "no Python 3 found" \
    'import duckdb_extension_ducklake, duckdb_extension_sqlite_scanner, duckdb_extension_postgres_scanner, duckdb_extension_quack, duckdb_extension_httpfs'
  local venv target
  venv="$(installed_venv)"
  target="$venv/extensions/$DUCKDB_VERSION/$PLATFORM"
  if [ ! -f "$target/.complete" ]; then
    mkdir -p "$target"
    find "$venv/lib" -path "*/extensions/$DUCKDB_VERSION/*.duckdb_extension" -exec cp {} "$target/" \;
    for name in ducklake sqlite_scanner postgres_scanner quack httpfs; do
      [ -f "$target/$name.duckdb_extension" ] || die "no $name.duckdb_extension for DuckDB $DUCKDB_VERSION in $venv"
    done
    # the files themselves, as pinned: Superset's readers load them without DuckDB's signature
    # check once they match these (superset/pinned_extensions.py)
    (cd "$venv/extensions" && sha256sum --quiet -c "$HERE/duckdb-extensions.sha256") ||
      die "the extension files in $target are not those pinned in $HERE/duckdb-extensions.sha256"
    touch "$target/.complete"
  fi
  path
}

path() {
  local venv
  venv="$(installed_venv)" && [ -f "$venv/extensions/$DUCKDB_VERSION/$PLATFORM/.complete" ] ||
    { echo "not installed: run $0 install" >&2; exit 1; }
  echo "$venv/extensions"
}

case "${1:-}" in
  install) install ;;
  path) path ;;
  *) die "usage: $0 install|path" ;;
esac
