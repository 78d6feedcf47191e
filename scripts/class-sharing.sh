# Class data sharing for the stack's JVMs, sourced by ./cricket (see ClassSharing.java).
#
# share_classes CLASSPATH ARCHIVE CLASS_LIST [JAVA_SETTINGS]
#   Archives the classes of CLASS_LIST, as loaded from CLASSPATH, into ARCHIVE when it is missing
#   or older than the class path's jars, the list or the JDK; prints the JVM options that map it,
#   one a line (none when it cannot be made: the JVMs then run without it). JAVA_SETTINGS is the
#   output of `java -XshowSettings:properties -version`, when the caller has it already.
share_classes() {
  local classpath="$1" archive="$2" list="$3"
  local settings="${4:-$(java -XshowSettings:properties -version 2>&1)}"
  # the JDK that makes the archive is the only one that can map it
  local jdk
  jdk="$(grep -E '^ *java\.(home|runtime\.version) = ' <<<"$settings" | tr -s ' ')"
  if ! shared_archive_fresh "$classpath" "$archive" "$list" "$jdk"; then
    echo "cricket: archiving the classes the stack's JVMs share (once per build, about 10 s)" >&2
    local started=$SECONDS
    rm -f "$archive" "$archive.jdk"
    # a name of its own, so two launchers at once each make a whole archive; the last one stays
    local new="$archive.$$.new"
    if java -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$new" \
        -cp "$classpath" > "$archive.log" 2>&1; then
      mv -f "$new" "$archive"
      printf '%s\n' "$jdk" > "$archive.jdk"
      echo "cricket: archived in $((SECONDS - started)) s" >&2
    else
      rm -f "$new"
      echo "cricket: could not archive the shared classes (see $archive.log); going on without" >&2
      return 0
    fi
  fi
  printf '%s\n' -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 \
    "-XX:SharedArchiveFile=$archive" "-Dcricket.classSharing=$archive"
}

# Whether ARCHIVE exists, was made by this JDK, and no jar or folder of CLASSPATH (wildcards
# expanded by the shell as by java) and no CLASS_LIST is newer.
shared_archive_fresh() (
  classpath="$1" archive="$2" list="$3" jdk="$4"
  [ -f "$archive" ] && [ -f "$archive.jdk" ] && [ "$(cat "$archive.jdk")" = "$jdk" ] || return 1
  [ "$list" -nt "$archive" ] && return 1
  # a folder of jars (DIR/*) is looked at whole: a jar added, replaced or removed changes it
  set -f
  IFS=:
  for entry in $classpath; do
    entry="${entry%/\*}"
    [ -e "$entry" ] || continue
    [ -n "$(find "$entry" -newer "$archive" -print -quit)" ] && return 1
  done
  return 0
)
