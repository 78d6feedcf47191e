package org.cricketstream.warehouse.dialect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cricketstream.warehouse.WarehouseSettings;

/**
 * Where DuckDB finds the DuckLake extensions: {@code WAREHOUSE_DUCKDB_EXTENSIONS}, else the folder
 * the project's install step keeps them in ({@code warehouse/duckdb-extensions.sh}, pinned and
 * hash-checked from PyPI). Nothing is downloaded here: a missing install is an error that says how
 * to install.
 */
public final class DuckDbExtensions {
  private static final String SCRIPT = "warehouse/duckdb-extensions.sh";
  private static Path installed;

  private DuckDbExtensions() {}

  /** The extension directory for these settings. */
  public static Path directory(WarehouseSettings settings) throws SQLException {
    if (settings.duckDbExtensions() != null) {
      return settings.duckDbExtensions();
    }
    return installed();
  }

  /** The folder the install script reports, asked once per process. */
  public static synchronized Path installed() throws SQLException {
    if (installed == null) {
      installed = Path.of(run(script(), "path"));
    }
    return installed;
  }

  /** Installs the extensions into the cache if they are not there yet (a build or test step). */
  public static synchronized Path install() throws SQLException {
    // the script's last line is the folder, as `path` prints it
    installed = Path.of(run(script(), "install"));
    return installed;
  }

  /** The script: under {@code -Dcricket.root}, else at or above the working directory. */
  static Path script() throws SQLException {
    String root = System.getProperty("cricket.root");
    if (root != null && !root.isBlank()) {
      return Path.of(root).toAbsolutePath().normalize().resolve(SCRIPT);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir.resolve(SCRIPT);
      }
    }
    throw new SQLException(
        "no "
            + SCRIPT
            + " at or above "
            + Path.of("").toAbsolutePath()
            + ": set WAREHOUSE_DUCKDB_EXTENSIONS to the folder of the DuckLake extensions");
  }

  private static String run(Path script, String command) throws SQLException {
    try {
      Process p =
          new ProcessBuilder(List.of("bash", script.toString(), command))
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new SQLException(
            "the DuckLake extensions are not installed ("
                + text
                + "): run "
                + script
                + " install, or set WAREHOUSE_DUCKDB_EXTENSIONS");
      }
      return text.lines().reduce((a, b) -> b).orElse("");
    } catch (IOException e) {
      throw new SQLException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while asking " + script, e);
    }
  }
}
