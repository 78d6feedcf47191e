#!/usr/bin/env bash
# Apicurio Registry (a schema registry with a Confluent-compatible API), from Maven Central at a
# pinned version, checked and unpacked outside the repository; run on Java 21+ (it needs it).
#
#   registry/registry.sh install   fetch, check and unpack the pinned server (about 160 MB, once)
#   registry/registry.sh path      print the unpacked server; exit 1 saying what is missing
#   registry/registry.sh java      print a Java 21+ to run it with; exit 1 saying what is missing
#   registry/registry.sh run --data DIR --port PORT --management-port PORT [--heap SIZE]
#                                  run it in the foreground on 127.0.0.1, its schemas in an H2
#                                  database under DIR (kept across restarts), every request
#                                  logging in as REGISTRY_USER (default cricket) with
#                                  REGISTRY_PASSWORD (HTTP basic auth); its health, open, on the
#                                  management port (/health/ready); under ./cricket up
#                                  (CRICKET_SUPERVISED=1) it stops when its standard input ends
#
# Settings (environment): CRICKET_CACHE (default ~/.cache/cricket-stream) holds the server under a
# folder named for the version; REGISTRY_JAVA names the java to run it with (21 or newer), else
# JAVA_HOME's, java on PATH, or a Temurin 21+ under /usr/lib/jvm, the first that is 21 or newer.
set -euo pipefail

GROUP=io.apicurio
ARTIFACT=apicurio-registry-app
VERSION=3.3.3
# SHA-256 of apicurio-registry-app-3.3.3-all.tar.gz as Maven Central serves it
SHA256=8bc6751c76d963734224b01d5e7f84ccb3cb61c87d3bd77c36c35f10a5cbed63
CACHE="${CRICKET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cricket-stream}"
DIR="$CACHE/apicurio-registry-$VERSION"

die() { echo "registry.sh: $*" >&2; exit 2; }

install() {
  if [ -f "$DIR/quarkus-run.jar" ]; then
    echo "Apicurio Registry $VERSION cached: $DIR"
    return 0
  fi
  local started tarball
  started=$(date +%s)
  mkdir -p "$CACHE"
  rm -rf "$DIR.partial" # an interrupted install
  mkdir -p "$DIR.partial"
  echo "Apicurio Registry $VERSION: fetching from Maven (about 160 MB)..."
  # Maven fetches through the user's own settings (mirrors, proxies) and checks Central's
  # checksum; run where there is no pom, so it copies the one artifact. Maven 3.8 writes colour
  # resets even in batch mode without colour: taken out, so that up's lines stay plain.
  (cd "$DIR.partial" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$GROUP:$ARTIFACT:$VERSION:tar.gz:all" -DoutputDirectory="$DIR.partial" \
    -Dmdep.overWriteReleases=true) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' ||
    die "could not fetch $GROUP:$ARTIFACT:$VERSION:tar.gz:all with Maven"
  tarball="$DIR.partial/$ARTIFACT-$VERSION-all.tar.gz"
  echo "$SHA256  $tarball" | sha256sum -c --quiet - ||
    die "$tarball does not have the pinned SHA-256 $SHA256"
  tar -xzf "$tarball" -C "$DIR.partial"
  rm -f "$tarball"
  rm -rf "$DIR"
  mv "$DIR.partial" "$DIR"
  echo "Apicurio Registry $VERSION installed in $(($(date +%s) - started)) s: $DIR"
}

path() {
  if [ -f "$DIR/quarkus-run.jar" ]; then
    echo "$DIR"
    return 0
  fi
  echo "Apicurio Registry $VERSION is not installed: run $0 install" >&2
  return 1
}

# The major version of a java binary, or nothing.
major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]}'
}

find_java() {
  local candidate m
  for candidate in "${REGISTRY_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" java \
    /usr/lib/jvm/temurin-2[5-9]*/bin/java /usr/lib/jvm/temurin-21*/bin/java \
    /usr/lib/jvm/java-2[1-9]-*/bin/java; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
    m="$(major "$candidate")"
    [ -n "$m" ] && [ "$m" -ge 21 ] && { command -v "$candidate"; return 0; }
  done
  return 1
}

java_path() {
  find_java || {
    echo "Apicurio Registry needs Java 21 or newer: none found (REGISTRY_JAVA, JAVA_HOME, PATH, /usr/lib/jvm/temurin-*)" >&2
    return 1
  }
}

run() {
  local data="" port="" management="" heap="96m" java home
  while [ $# -gt 0 ]; do
    case "$1" in
      --data) data="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --management-port) management="$2"; shift 2 ;;
      --heap) heap="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [ -n "$data" ] && [ -n "$port" ] && [ -n "$management" ] ||
    die "run needs --data DIR --port PORT --management-port PORT"
  [ -n "${REGISTRY_PASSWORD:-}" ] ||
    die "run needs REGISTRY_PASSWORD in the environment: every request must log in (HTTP basic auth)"
  home="$(path)" || exit 1
  java="$(java_path)" || exit 1
  umask 077
  mkdir -p "$data/config"
  data="$(cd "$data" && pwd)"
  cd "$data"
  # Quarkus reads config/application.properties under the working directory: the settings, and the
  # one user (its password too, so never on the command line), in a file only its owner reads.
  # One small H2 file database; a pool of a few connections (the default keeps 20 open): the
  # registry is asked when a producer starts and when a consumer meets a schema id it has not seen.
  cat > config/application.properties <<EOF
quarkus.http.host=127.0.0.1
quarkus.http.port=$port
quarkus.management.host=127.0.0.1
quarkus.management.port=$management
apicurio.datasource.url=jdbc:h2:file:$data/registry
apicurio.datasource.jdbc.initial-size=2
apicurio.datasource.jdbc.min-size=2
apicurio.datasource.jdbc.max-size=8
apicurio.storage.snapshot.location=$data
quarkus.http.auth.basic=true
quarkus.security.users.embedded.enabled=true
quarkus.security.users.embedded.plain-text=true
quarkus.security.users.embedded.users.${REGISTRY_USER:-cricket}=$REGISTRY_PASSWORD
quarkus.http.auth.permission.everything.paths=/*
quarkus.http.auth.permission.everything.policy=authenticated
quarkus.log.console.format=%d{HH:mm:ss} %-5p [%c{2.}] %s%e%n
EOF
  # the stack's light JVMs' options (Supervisor.JVM_OPTIONS and LIGHT_JVM_OPTIONS): a small heap
  # that grows only where less than 20% is free and gives back beyond 40% (its live set is about
  # 30 MB; it kept 92 MB committed), the client compiler, a 32 MB code cache, 512 KB stacks
  local options=("-Xmx$heap" -Xms16m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k)
  # shellcheck disable=SC2206 # REGISTRY_JAVA_OPTS: extra JVM options, split on spaces
  options+=(${REGISTRY_JAVA_OPTS:-} -jar "$home/quarkus-run.jar")
  if [ "${CRICKET_SUPERVISED:-}" != 1 ]; then
    exec "$java" "${options[@]}"
  fi
  # Under ./cricket up standard input is a pipe from the supervisor, as for its Java components
  # (up.Supervised): when it ends the supervisor is gone, even by kill -9, and the registry stops
  # instead of holding its ports against the next up.
  "$java" "${options[@]}" &
  local pid=$! status=0 watch
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT
  (while read -r _; do :; done; kill -TERM "$pid" 2>/dev/null) <&0 &
  watch=$!
  wait "$pid" || status=$?
  # a signal ends the wait, not the JVM: wait again until it exits
  while kill -0 "$pid" 2>/dev/null; do wait "$pid" || status=$?; done
  kill "$watch" 2>/dev/null || true
  exit "$status"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  install) install ;;
  path) path ;;
  java) java_path ;;
  run) run "$@" ;;
  *) die "usage: $0 install|path|java|run --data DIR --port PORT --management-port PORT [--heap SIZE]" ;;
esac
