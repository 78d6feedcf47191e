#!/usr/bin/env bash
# Makes cli/src/main/cds/classes.list again, the classes ./cricket archives for the stack's JVMs to
# share (see ClassSharing.java): it runs the stack on the generated matches (or on the up arguments
# given, e.g. --data DIR...) with every component's JVM listing the classes it loads, and keeps
# those that two or more components load, in the order they were first loaded. Run it after a
# change of dependencies; a list that lags behind the code costs memory, never correctness.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists"
CRICKET_CLASS_SHARING=off \
  CRICKET_COMPONENT_JVM_OPTIONS="-XX:DumpLoadedClassList=$work/lists/{component}.classlist" \
  "$ROOT/cricket" up --home "$work/home" --no-superset --pace 0 --exit-when-idle "$@"
# plain class names only: lambda forms, hidden classes and proxies are made at run time
cat "$work"/lists/*.classlist | grep -v '^[#@]' | grep -v '0x\|\$\$Lambda\|jdk/proxy\|\$Proxy' > "$work/all"
for list in "$work"/lists/*.classlist; do sort -u "$list"; done | sort | uniq -c |
  awk '$1 >= 2 { print $2 }' > "$work/shared"
awk 'NR == FNR { shared[$1] = 1; next } shared[$1] && !seen[$1]++' "$work/shared" "$work/all" \
  > "$ROOT/cli/src/main/cds/classes.list"
echo "cli/src/main/cds/classes.list: $(wc -l < "$ROOT/cli/src/main/cds/classes.list") classes" \
  "loaded by two or more of $(ls "$work"/lists | wc -l) components"
