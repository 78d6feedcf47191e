#!/usr/bin/env bash
# Fuzzes one reader with Jazzer for a chosen time: run through `mvn -Pfuzz` (see the README), which
# passes the target (yaml, json or csv), the duration in seconds and the test class path.
# The corpus grows in target/fuzz-corpus/<target>; it starts from the test's committed inputs (seeds
# and every crash ever found) and, where real Cricsheet data is found (CRICSHEET_DATA or
# ../shared/data/cricsheet), from real files of that format. A crash is written to the committed
# inputs folder, where every later `mvn verify` replays it as a regression test.
set -euo pipefail
target="$1" seconds="$2" classpath="$3"
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
inputs="$module/src/test/resources/org/cricketstream/cricsheet/read/ReadersFuzzTestInputs/$target"
corpus="$module/target/fuzz-corpus/$target"
mkdir -p "$corpus" "$inputs"

data="${CRICSHEET_DATA:-$module/../../shared/data/cricsheet}"
seeds=()
case "$target" in
  yaml) [ -d "$data/yaml_wide" ] && seeds+=("$data/yaml_wide") ;;
  json) [ -d "$data/t20i_json" ] && seeds+=("$data/t20i_json") ;;
  csv)
    # A CSV2 input is an info file, a NUL byte, then its ball file.
    if [ -d "$data/odi_csv" ]; then
      mkdir -p "$corpus/../csv-real"
      for info in $(ls "$data"/odi_csv/*_info.csv | head -40); do
        id="$(basename "$info" _info.csv)"
        { cat "$info"; printf '\0'; cat "$data/odi_csv/$id.csv"; } > "$corpus/../csv-real/$id"
      done
      seeds+=("$corpus/../csv-real")
    fi
    ;;
  *) echo "fuzz.target must be yaml, json or csv, not '$target'" >&2; exit 2 ;;
esac
[ ${#seeds[@]} -gt 0 ] || echo "no real Cricsheet data found: fuzzing from the committed seeds only"

echo "fuzzing the $target reader for $seconds s; corpus $corpus; crashes to $inputs"
exec java -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
  --target_class=org.cricketstream.cricsheet.read.ReadersFuzzTest --target_method="$target" \
  -max_total_time="$seconds" -max_len=32768 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$inputs/" "$corpus" "$inputs" "${seeds[@]}"
