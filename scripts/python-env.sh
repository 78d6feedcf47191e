# Sourced by localstack/localstack.sh and superset/superset.sh: a Python tool installed from its
# requirements.lock into a cached virtual environment, keyed by the lock and the Python version.
# The sourcing script sets TOOL (the environment folder's prefix), LOCK and CACHE, defines `die`,
# and defines `tool_python`, which prints a suitable Python (with `find_python`) or returns 1.

# find_python MIN MAX OVERRIDE CANDIDATE...: prints the first Python whose version is MIN to MAX
# (tuples such as "(3, 10)"), trying OVERRIDE (when set) and then each CANDIDATE in order: a
# command, or pyenv:GLOB for the pyenv versions GLOB matches.
find_python() {
  local min="$1" max="$2" override="$3"
  shift 3
  local candidates=() pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}" candidate dir py
  [ -n "$override" ] && candidates+=("$override")
  for candidate in "$@"; do
    if [[ "$candidate" == pyenv:* ]]; then
      for dir in "$pyenv_root"/versions/${candidate#pyenv:}; do
        [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
      done
    else
      candidates+=("$candidate")
    fi
  done
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c "import sys; sys.exit(0 if $min <= sys.version_info[:2] <= $max else 1)" 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  return 1
}

# The environment's folder for a Python: $CACHE/$TOOL-<python version>-<hash of lock and version>.
venv_dir() {
  local py="$1" version key
  version="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  key="$( (cat "$LOCK"; echo "python $version") | sha256sum | cut -c1-12)"
  echo "$CACHE/$TOOL-$version-$key"
}

# Prints the installed environment's folder, or returns 1.
installed_venv() {
  local py venv
  py="$(tool_python)" || return 1
  venv="$(venv_dir "$py")"
  [ -f "$venv/.complete" ] || return 1
  echo "$venv"
}

PYTHON_ENV_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UV_VERSION=0.13.9

# uv_bin PYTHON: prints the path of uv (PyPI, pinned and hash-checked in uv-requirements.txt),
# installing it once into $CACHE/uv-<version> with PYTHON's pip; returns 1 when it cannot be had.
uv_bin() {
  local py="$1" dir="$CACHE/uv-$UV_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    echo "installing uv $UV_VERSION (once) into $dir" >&2
    rm -rf "$dir"
    mkdir -p "$CACHE"
    if ! { "$py" -m venv "$dir" &&
      "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
        -r "$PYTHON_ENV_SCRIPTS/uv-requirements.txt"; } >&2; then
      rm -rf "$dir"
      return 1
    fi
    touch "$dir/.complete"
  fi
  echo "$dir/bin/uv"
}

# venv_pip_install PYTHON VENV ARG...: `pip install ARG...` into VENV, by uv when it can be had
# (installed once with PYTHON), else by VENV's own pip, more slowly. uv downloads in parallel:
# Superset's 155 packages took 72 s with an empty $CACHE, pip 166 s. Its cache stays under $CACHE,
# so removing $CACHE starts from nothing.
venv_pip_install() {
  local py="$1" venv="$2" uv
  shift 2
  if uv="$(uv_bin "$py")"; then
    echo "installing with uv $UV_VERSION into $venv"
    # uv does not read pip's settings: the index and the certificates are passed on
    UV_CACHE_DIR="$CACHE/uv-cache" UV_SYSTEM_CERTS=1 UV_NO_PROGRESS=1 \
      "$uv" pip install --python "$venv/bin/python" \
      --index-url "${PIP_INDEX_URL:-https://pypi.org/simple}" "$@"
  else
    echo "uv $UV_VERSION could not be installed; installing with pip into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  fi
}

# install_venv LABEL NO_PYTHON CHECK: installs the lock (once per lock and Python version), then
# runs the Python code CHECK (imports what the tool needs at run time) before marking it complete.
install_venv() {
  local label="$1" no_python="$2" check="$3" py venv started
  py="$(tool_python)" || die "$no_python"
  venv="$(venv_dir "$py")"
  if [ -f "$venv/.complete" ]; then
    echo "$label environment cached: $venv"
    return 0
  fi
  started=$(date +%s)
  mkdir -p "$CACHE"
  rm -rf "$venv" # a partial install from an interrupted run
  "$py" -m venv "$venv"
  echo "$label: $(grep -c '^[A-Za-z0-9_.-]*==' "$LOCK") packages"
  venv_pip_install "$py" "$venv" --no-deps -r "$LOCK"
  echo "$label: checking that what it needs imports"
  "$venv/bin/python" -c "$check"
  touch "$venv/.complete"
  echo "$label environment installed in $(($(date +%s) - started)) s: $venv"
}
