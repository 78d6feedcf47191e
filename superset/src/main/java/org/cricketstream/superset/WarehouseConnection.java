package org.cricketstream.superset;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DuckDbDialect;
import org.cricketstream.warehouse.dialect.DuckDbExtensions;

/**
 * How Superset reaches the warehouse, as a SQLAlchemy URI: DuckDB's database served live by the
 * sink, DuckDB's published snapshot opened read-only, a DuckLake's catalog attached read-only, or
 * PostgreSQL as the read-only role. {@link #toString} never shows the password.
 */
public final class WarehouseConnection {
  private final String sqlalchemyUri;
  private final String redacted;
  private final Optional<WarehouseSettings.Served> served;

  private WarehouseConnection(String sqlalchemyUri, String redacted) {
    this(sqlalchemyUri, redacted, Optional.empty());
  }

  private WarehouseConnection(
      String sqlalchemyUri, String redacted, Optional<WarehouseSettings.Served> served) {
    this.sqlalchemyUri = sqlalchemyUri;
    this.redacted = redacted;
    this.served = served;
  }

  /**
   * The read-only snapshot the sink publishes (a link renamed to name a newer file). Superset opens
   * a connection per query (no pool), so each query reads the snapshot current at that moment. The
   * connection is sandboxed as every DuckDB reader is ({@link DuckDbDialect#READER_CONFIG}:
   * duckdb-engine passes the URI's query to DuckDB as its configuration), so SQL Lab reads nothing
   * but the warehouse.
   */
  public static WarehouseConnection duckDbSnapshot(Path snapshot) {
    String path = snapshot.toAbsolutePath().normalize().toString();
    if (path.contains("?") || path.contains("#")) {
      throw new IllegalArgumentException("a DuckDB snapshot path with '?' or '#': " + path);
    }
    StringBuilder uri =
        new StringBuilder("duckdb:///").append(path).append("?access_mode=read_only");
    DuckDbDialect.READER_CONFIG.forEach((k, v) -> uri.append('&').append(k).append('=').append(v));
    return new WarehouseConnection(uri.toString(), uri.toString());
  }

  /**
   * The DuckDB sink's database served live ({@code WAREHOUSE_SERVE}): each connection is an
   * in-memory DuckDB, with the extensions loaded from their installed folder (never downloaded),
   * that Superset's configuration ({@code superset_config.py}) attaches to the served database with
   * its token ({@link #served}, which {@link LocalSuperset} keeps in Superset's private home),
   * makes the default, then confines and locks as every other DuckDB reader is. Each query sees
   * what the sink committed before it.
   */
  public static WarehouseConnection served(WarehouseSettings.Served served, Path extensions) {
    String extensionDirectory = extensions.toAbsolutePath().normalize().toString();
    if (extensionDirectory.contains("?")
        || extensionDirectory.contains("#")
        || extensionDirectory.contains("&")) {
      throw new IllegalArgumentException(
          "an extension folder with '?', '#' or '&': " + extensionDirectory);
    }
    String uri =
        "duckdb:///:memory:?extension_directory="
            + extensionDirectory
            + "&autoinstall_known_extensions=false&autoload_known_extensions=false";
    return new WarehouseConnection(uri, uri, Optional.of(served));
  }

  /**
   * A DuckLake warehouse, its catalog attached read-only as DuckDB's database: every query sees the
   * newest snapshot the sink has committed. DuckDB loads the extensions from {@code extensions}
   * (autoloaded by name, never installed); Superset's configuration then confines the connection to
   * the lake's folder and locks it ({@code superset_config.py}), since DuckDB cannot load an
   * extension once external access is off.
   */
  public static WarehouseConnection duckLake(Path folder, Path extensions) {
    String catalog = folder.toAbsolutePath().normalize().resolve("catalog.sqlite").toString();
    String extensionDirectory = extensions.toAbsolutePath().normalize().toString();
    for (String path : java.util.List.of(catalog, extensionDirectory)) {
      if (path.contains("?") || path.contains("#") || path.contains("&")) {
        throw new IllegalArgumentException("a DuckLake path with '?', '#' or '&': " + path);
      }
    }
    String uri =
        "duckdb:///ducklake:sqlite:"
            + catalog
            + "?access_mode=read_only&extension_directory="
            + extensionDirectory
            + "&autoinstall_known_extensions=false&autoload_known_extensions=true";
    return new WarehouseConnection(uri, uri);
  }

  /**
   * PostgreSQL at a JDBC URL ({@code jdbc:postgresql://host[:port]/database}) as {@code user},
   * which should be the warehouse's read-only role.
   */
  public static WarehouseConnection postgres(String jdbcUrl, String user, String password) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "expected jdbc:postgresql://host[:port]/database, got " + jdbcUrl);
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalArgumentException(
          "expected jdbc:postgresql://host[:port]/database, got " + jdbcUrl);
    }
    String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String database = uri.getPath().substring(1);
    String login = encode(Objects.requireNonNull(user, "user"));
    String secret = password == null || password.isEmpty() ? "" : ":" + encode(password);
    String prefix = "postgresql+psycopg2://" + login;
    return new WarehouseConnection(
        prefix + secret + "@" + hostPort + "/" + database,
        prefix + (secret.isEmpty() ? "" : ":***") + "@" + hostPort + "/" + database);
  }

  /**
   * What BI reads for these warehouse settings: for DuckDB its snapshot ({@code
   * WAREHOUSE_SNAPSHOT}), for PostgreSQL the read-only role ({@code WAREHOUSE_READER_USER} and
   * {@code WAREHOUSE_READER_PASSWORD}).
   */
  public static WarehouseConnection of(WarehouseSettings settings) {
    if (settings.duckLake()) {
      if (WarehouseSettings.DuckDbUrls.lakeCatalog(settings.url()).isPresent()) {
        throw new IllegalArgumentException(
            "Superset reads a DuckLake whose catalog is the SQLite file in its folder; one with"
                + " a PostgreSQL catalog ("
                + settings.url()
                + ") is read by the sink's readers (query, status, bench) only, so far");
      }
      try {
        return duckLake(
            WarehouseSettings.DuckDbUrls.lakeFolder(settings.url()),
            DuckDbExtensions.directory(settings));
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    if (settings.duckDb() && settings.served().isPresent()) {
      try {
        return served(settings.served().get(), DuckDbExtensions.directory(settings));
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    if (settings.duckDb()) {
      return duckDbSnapshot(settings.snapshot());
    }
    return postgres(settings.url(), settings.readerUser(), settings.readerPassword());
  }

  /** The served database Superset's connections attach, for a served warehouse. */
  public Optional<WarehouseSettings.Served> served() {
    return served;
  }

  /** The URI Superset's database entry gets, password included. */
  public String sqlalchemyUri() {
    return sqlalchemyUri;
  }

  /** Whether this is DuckDB (else PostgreSQL). */
  public boolean duckDb() {
    return sqlalchemyUri.startsWith("duckdb:");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return redacted;
  }
}
