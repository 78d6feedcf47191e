package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.SQLException;
import org.cricketstream.warehouse.dialect.DuckDbExtensions;
import org.junit.jupiter.api.Assumptions;

/**
 * The DuckLake extensions for a test: installed by the project's own step if they are missing
 * (PyPI, pinned and hash-checked, cached). In CI a failed install fails the test; elsewhere it is
 * skipped with the reason.
 */
final class DuckLakeExtensionsInstalled {
  private DuckLakeExtensionsInstalled() {}

  static Path folder() {
    try {
      return DuckDbExtensions.install();
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        return fail("the DuckLake extensions could not be installed: " + e.getMessage(), e);
      }
      Assumptions.abort(
          "skipped: the DuckLake extensions could not be installed: " + e.getMessage());
      throw new AssertionError(e);
    }
  }
}
