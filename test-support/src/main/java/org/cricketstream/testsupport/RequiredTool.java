package org.cricketstream.testsupport;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs (the Lambda runtime emulator, checkov, terraform, the schema registry): where
 * it is missing the test is skipped saying why on a user's machine, and fails under CI ({@code
 * CI=true}), whose setup ({@code .ci/run}) installs it.
 */
public final class RequiredTool {
  private RequiredTool() {}

  /**
   * Returns if {@code unavailable} is empty; else skips the test (a user's machine) or fails it
   * (CI), saying that {@code tool} cannot run, why, and how to install it.
   */
  public static void require(String tool, Optional<String> unavailable, String install) {
    if (unavailable.isEmpty()) {
      return;
    }
    String why = tool + " cannot run here: " + unavailable.get() + "; " + install;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this is a failure, not a skip: " + why);
    }
    Assumptions.abort(why);
  }
}
