"""DuckDB extension files checked against the hashes pinned in the repository, once per process.

DuckDB checks an extension file's signature each time a database loads it: a SHA-256 of the whole
file in its bundled mbedtls, about 0.2 CPU seconds for quack and httpfs (55 MB) on this project's
machines. Superset opens a new in-memory DuckDB for every chart query (its engines use no pool), so
a dashboard of ten charts refreshing every 10 s paid 2-3 CPU seconds a refresh for it. The files
come from wheels whose hashes the lock pins, and warehouse/duckdb-extensions.sha256 pins the files
themselves: checked here once (and again only when a file's size or time changes), the connections
that load them can skip DuckDB's own check (allow_unsigned_extensions). Any file that differs, is
missing or cannot be read leaves DuckDB's check on.

Standard library only: superset_config.py imports it, and a test runs it with any Python 3.
"""

import hashlib
import os
import threading

_lock = threading.Lock()
# path -> (size, mtime_ns) of the file when it last matched its pinned hash
_matched = {}


def pinned(hashes_file):
    """The pinned hashes, {path relative to the extension directory: SHA-256 hex}.

    The file is sha256sum's output: a hash, two spaces (or a space and '*'), a path; blank lines and
    lines starting with '#' are skipped.
    """
    hashes = {}
    with open(hashes_file, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            digest, sep, path = line.partition(" ")
            path = path.lstrip(" *")
            if not sep or len(digest) != 64 or not path:
                raise ValueError(f"{hashes_file}:{number}: not 'SHA-256  path': {line!r}")
            hashes[path] = digest.lower()
    if not hashes:
        raise ValueError(f"{hashes_file}: no hashes")
    return hashes


def check(directory, hashes_file):
    """None when every file hashes_file pins is in directory with its pinned hash, else why not.

    A file that matched before in this process is read again only if its size or modification time
    changed since.
    """
    try:
        hashes = pinned(hashes_file)
    except (OSError, ValueError) as e:
        return f"no pinned hashes: {e}"
    with _lock:
        for relative, expected in sorted(hashes.items()):
            path = os.path.join(directory, relative)
            try:
                stat = os.stat(path)
                key = (stat.st_size, stat.st_mtime_ns)
                if _matched.get(path) == key:
                    continue
                digest = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        digest.update(block)
            except OSError as e:
                _matched.pop(path, None)
                return f"cannot read {path}: {e}"
            if digest.hexdigest() != expected:
                _matched.pop(path, None)
                return f"{path} has SHA-256 {digest.hexdigest()}, not the pinned {expected}"
            _matched[path] = key
    return None
