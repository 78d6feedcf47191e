package org.cricketstream.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a DBA does once for each application on a PostgreSQL server: a login role per user of the
 * server, each with its own password, and databases that grant nothing to everyone beyond
 * connecting (PostgreSQL 15's defaults, applied to 14: no CREATE in schema {@code public}, no
 * temporary tables), so every privilege a role has was given to it by name.
 */
public final class PostgresAdmin {
  private final String serverUrl;
  private final String user;
  private final String password;

  /**
   * @param serverUrl {@code jdbc:postgresql://HOST:PORT/}, to which a database name is appended
   * @param user a superuser (or a role with CREATEROLE and CREATEDB)
   */
  public PostgresAdmin(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    this.user = user;
    this.password = password;
  }

  /** Creates the login role, or updates it: its password and attributes (e.g. REPLICATION). */
  public void login(String role, String rolePassword, String attributes) {
    try (Connection c = connect("postgres")) {
      boolean exists = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role);
      try (Statement s = c.createStatement()) {
        s.execute(
            (exists ? "ALTER ROLE " : "CREATE ROLE ")
                + identifier(role)
                + " LOGIN "
                + attributes
                + " PASSWORD "
                + literal(rolePassword));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the role " + role + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the database if missing, owned by {@code owner} (who also owns its schema {@code
   * public}), and takes CREATE in {@code public} and TEMPORARY from PUBLIC.
   */
  public void database(String database, String owner) {
    try (Connection c = connect("postgres")) {
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + database, e);
    }
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + identifier(database) + " OWNER TO " + identifier(owner));
      s.execute("ALTER SCHEMA public OWNER TO " + identifier(owner));
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("REVOKE TEMPORARY ON DATABASE " + identifier(database) + " FROM PUBLIC");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot restrict the database " + database, e);
    }
  }

  /** Whether the server has a database of that name. */
  public boolean exists(String database) {
    try (Connection c = connect("postgres")) {
      return exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the databases", e);
    }
  }

  /** A connection to {@code database} as the administrator. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(serverUrl + database, user, password);
  }

  private static boolean exists(Connection c, String query, String name) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(query)) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
