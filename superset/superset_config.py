# Superset configuration for cricket-stream, loaded through SUPERSET_CONFIG_PATH by superset.sh.
#
# Everything lives under SUPERSET_HOME (Superset's own variable; superset.sh sets it): the SQLite
# metadata database and the secret key, generated once by `superset.sh setup` and kept there.
# Headless and offline: bound to 127.0.0.1 by the launcher, no examples, no result cache (a replayed
# ball must show at the next refresh), and a content security policy that lets the browser load
# nothing from anywhere but this server (Superset's login page embeds a telemetry pixel; the
# policy blocks it, as it blocks web fonts and map tiles).
import os
import re

_home = os.environ["SUPERSET_HOME"]
with open(os.path.join(_home, "secret_key"), encoding="utf-8") as _f:
    SECRET_KEY = _f.read().strip()

SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(_home, "superset.db") + "?timeout=30"
SQLALCHEMY_TRACK_MODIFICATIONS = False

# No caching of chart data, of the datasets' metadata or of filter state beyond the defaults
# Superset needs (those are kept in the metadata database).
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
CACHE_DEFAULT_TIMEOUT = 0

# A dashboard may refresh as often as every few seconds without a warning.
SUPERSET_DASHBOARD_PERIODICAL_REFRESH_LIMIT = 0

FEATURE_FLAGS = {
    "DASHBOARD_NATIVE_FILTERS": True,
    "DASHBOARD_CROSS_FILTERS": True,
    "ALERT_REPORTS": False,
    "THUMBNAILS": False,
    "EMBEDDED_SUPERSET": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
}

# Nothing from outside this machine: no map tiles, no fonts from Google, no telemetry pixel.
MAPBOX_API_KEY = ""
THEME_FONT_URL_ALLOWED_DOMAINS = []
ENABLE_CORS = False
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
CONTENT_SECURITY_POLICY_WARNING = False

# Local use: no rate limiting of logins, sessions survive a restart (the secret key is kept).
RATELIMIT_ENABLED = False
AUTH_RATE_LIMITED = False
WTF_CSRF_ENABLED = True
SESSION_COOKIE_SAMESITE = "Lax"

# The warehouse is DuckDB files or PostgreSQL on this machine.
PREVENT_UNSAFE_DB_CONNECTIONS = True

# SQL Lab and charts read the warehouse and nothing else. The DuckDB connection is sandboxed
# already (external access off, configuration locked: see WarehouseConnection); Superset refuses
# these functions before DuckDB sees them, and the database's allow_dml: false refuses statements
# that change anything (COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA...). Superset's own list for the
# other engines is kept.
import sys as _sys

DISALLOWED_SQL_FUNCTIONS = {
    **getattr(_sys.modules.get("superset.config"), "DISALLOWED_SQL_FUNCTIONS", {}),
    "duckdb": {
        # files and URLs
        "read_text", "read_blob", "read_csv", "read_csv_auto", "sniff_csv",
        "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema",
        "parquet_file_metadata", "parquet_kv_metadata", "parquet_bloom_probe",
        "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto",
        "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_xlsx",
        "glob", "iceberg_scan", "delta_scan", "sqlite_scan", "sqlite_attach", "sqlite_query",
        "postgres_scan", "postgres_attach", "mysql_scan",
        # the machine and the server's configuration
        "getenv", "current_setting", "duckdb_settings", "duckdb_secrets", "which_secret",
        "duckdb_extensions", "duckdb_databases", "pragma_database_list",
        # the served warehouse's protocol (its server refuses writes and these too)
        "quack_query", "quack_serve", "quack_stop", "quack_server_list", "quack_active_connections",
    },
}


# A DuckLake warehouse (WarehouseConnection.duckLake) is opened with external access on: DuckDB
# loads the DuckLake extensions only then. Each new connection to one is confined here, before
# Superset runs anything on it, to the lake's folder (its catalog and Parquet files), with the
# configuration locked, as every other DuckDB reader is.
import threading as _threading

from sqlalchemy import event as _event
from sqlalchemy.engine import Engine as _Engine

_confining = _threading.Lock()


@_event.listens_for(_Engine, "connect")
def _confine_ducklake(dbapi_connection, _record):
    if not type(dbapi_connection).__module__.startswith("duckdb"):
        return
    # one thread at a time: a second thread's connection to the same instance waits until the
    # first has confined and locked it
    with _confining:
        _send_whole()
        _confine(dbapi_connection.cursor())


def _confine(cursor):
    cursor.execute(
        "SELECT type, path, current_setting('lock_configuration')"
        " FROM duckdb_databases() WHERE database_name = current_database()"
    )
    kind, path, locked = cursor.fetchone()
    if not locked and path is None:
        _attach_served(cursor)
        return
    # DuckDB keeps one instance per database and process: a later connection shares the first's
    # configuration, confined and locked already
    if kind != "ducklake" or locked:
        return
    folder = os.path.dirname(path.split(":", 1)[1] if path.startswith("sqlite:") else path)
    cursor.execute("SET allowed_directories = ['" + folder.replace("'", "''") + "/']")
    cursor.execute("SET enable_external_access = false")
    cursor.execute("SET lock_configuration = true")


# DuckDB checks every extension file's signature each time a database loads it, and Superset opens
# a new in-memory DuckDB for every chart query: about 0.2 CPU seconds a chart for quack and httpfs.
# Once the files in a connection's extension folder match the hashes the repository pins
# (pinned_extensions.py, checked once per process), its DuckDB loads them without that check. The
# connection is confined before Superset runs anything on it (below), after which DuckDB loads no
# extension at all.
import importlib.util as _importlib_util
import logging as _logging

_here = os.path.dirname(os.path.abspath(__file__))
_spec = _importlib_util.spec_from_file_location(
    "cricket_pinned_extensions", os.path.join(_here, "pinned_extensions.py")
)
_pinned_extensions = _importlib_util.module_from_spec(_spec)
_spec.loader.exec_module(_pinned_extensions)
_PINNED_HASHES = os.path.join(_here, os.pardir, "warehouse", "duckdb-extensions.sha256")
_log = _logging.getLogger("cricket.superset_config")
_told = set()


def DB_CONNECTION_MUTATOR(uri, params, username, security_manager, source):  # noqa: N802
    if uri.get_backend_name() != "duckdb":
        return uri, params
    folder = uri.query.get("extension_directory")
    if not folder:
        return uri, params
    why_not = _pinned_extensions.check(folder, _PINNED_HASHES)
    if (folder, why_not) not in _told:
        _told.add((folder, why_not))
        if why_not is None:
            _log.info("DuckDB extensions in %s match the pinned hashes: loaded unchecked", folder)
        else:
            _log.warning("DuckDB checks the extensions' signatures at every load: %s", why_not)
    if why_not is None:
        uri = uri.update_query_dict({"allow_unsigned_extensions": "true"})
    return uri, params


# The DuckDB sink's database served live (WarehouseConnection.served): each connection is a new
# in-memory DuckDB, which attaches the served database with the token LocalSuperset keeps in this
# home (its address and token, a line each), makes it the default, and is then confined (no file
# or URL outside it) and locked, as every other DuckDB reader is. The extensions load from the
# installed folder the URI names; none is downloaded.
def _served():
    """The served warehouse's address and token, or None."""
    served = os.path.join(os.environ.get("SUPERSET_HOME", ""), "served-warehouse")
    try:
        with open(served, encoding="utf-8") as f:
            address, token = f.read().split()[:2]
    except (OSError, ValueError):
        return None
    return address, token


def _attach_served(cursor):
    served = _served()
    if served is None:
        raise RuntimeError("an in-memory DuckDB connection, but no served warehouse to attach")
    address, token = served
    cursor.execute("LOAD quack")
    cursor.execute("LOAD httpfs")
    cursor.execute("CREATE SECRET (TYPE quack, TOKEN '" + token.replace("'", "''") + "')")
    cursor.execute("ATTACH '" + address.replace("'", "''") + "' AS warehouse")
    cursor.execute("USE warehouse")
    cursor.execute("SET enable_external_access = false")
    cursor.execute("SET lock_configuration = true")


# Quack's client reads one remote table per query (a join of two fails: "Multiple streaming scans
# ... not currently supported"), so each query Superset runs on the served warehouse is sent whole
# to the server, which plans and runs it and streams back its rows: quack_query(address, sql). The
# server refuses writes (DuckDbDialect.READER_ONLY); Superset's own checks (allow_dml, the
# functions above) run on the query as written, before this. Every query goes through the engine
# spec's execute; the mutator covers the one place that runs a cursor itself (column descriptions
# of a virtual dataset). Idempotent: a query already sent whole is left as it is.
def _whole(sql, database):
    uri = str(getattr(database, "sqlalchemy_uri", "") or "")
    if not uri.startswith("duckdb:///:memory:"):
        return sql
    served = _served()
    if served is None:
        return sql
    query = sql.strip()
    while query.endswith(";"):
        query = query[:-1].rstrip()
    # sent whole already (Superset may format the query between its mutator and its execute)
    if "quack_query" in query.lower():
        return sql
    if not re.match(r"(?is)\s*(select|with|from|values|table|describe|show|\()", query):
        return sql
    quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
    return "SELECT * FROM quack_query(" + quote(served[0]) + ", " + quote(query) + ")"


def SQL_QUERY_MUTATOR(sql, **kwargs):  # noqa: N802
    return _whole(sql, kwargs.get("database"))


_sending_whole = []


def _send_whole():
    # patched at the first DuckDB connection, once Superset is loaded (not while it loads this)
    if _sending_whole:
        return
    from superset.db_engine_specs.duckdb import DuckDBEngineSpec

    execute = DuckDBEngineSpec.execute.__func__

    def whole_execute(cls, cursor, query, database, **kwargs):
        return execute(cls, cursor, _whole(query, database), database, **kwargs)

    DuckDBEngineSpec.execute = classmethod(whole_execute)
    _sending_whole.append(True)


SQLLAB_TIMEOUT = 60
SUPERSET_WEBSERVER_TIMEOUT = 60
ROW_LIMIT = 10000
