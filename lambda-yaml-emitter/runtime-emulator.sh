#!/usr/bin/env bash
# The AWS Lambda Runtime Interface Emulator (the Go module AWS's base images run), built from the
# Go module proxy at a pinned version and cached outside the repository.
#
#   lambda-yaml-emitter/runtime-emulator.sh install   go install the pinned version (about a minute, once)
#   lambda-yaml-emitter/runtime-emulator.sh path      print the binary; exit 1 saying what is missing
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the binary under a
# folder named for the version; GO names the go binary (default: go on PATH, else
# /usr/local/go/bin/go); GOPROXY, GOFLAGS and the like as go reads them.
set -euo pipefail

# The module is served only as a pseudo-version (it has no release tags).
MODULE=github.com/aws/aws-lambda-runtime-interface-emulator
VERSION=v0.0.0-20261030222936-bef5c4ba774d
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
DIR="$CACHE/aws-lambda-rie-$VERSION"
BIN="$DIR/aws-lambda-rie"

die() { echo "runtime-emulator.sh: $*" >&2; exit 2; }

find_go() {
  local candidate
  for candidate in "${GO:-}" go /usr/local/go/bin/go; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
  done
  return 1
}

install() {
  if [ -x "$BIN" ]; then
    echo "Runtime Interface Emulator cached: $BIN"
    return 0
  fi
  local go started
  go="$(find_go)" || die "no Go toolchain (go on PATH, or GO=...): the Runtime Interface Emulator is built with go install"
  started=$(date +%s)
  mkdir -p "$CACHE"
  rm -rf "$DIR.partial" # an interrupted install
  GOBIN="$DIR.partial" "$go" install "$MODULE/cmd/aws-lambda-rie@$VERSION"
  rm -rf "$DIR"
  mv "$DIR.partial" "$DIR"
  echo "Runtime Interface Emulator $VERSION installed in $(($(date +%s) - started)) s: $BIN"
}

path() {
  if [ -x "$BIN" ]; then
    echo "$BIN"
    return 0
  fi
  if find_go >/dev/null; then
    echo "the Runtime Interface Emulator is not installed: run $0 install" >&2
  else
    echo "the Runtime Interface Emulator is not installed, and there is no Go toolchain to build it (go on PATH, or GO=...)" >&2
  fi
  return 1
}

command="${1:-}"
case "$command" in
  install) install ;;
  path) path ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
