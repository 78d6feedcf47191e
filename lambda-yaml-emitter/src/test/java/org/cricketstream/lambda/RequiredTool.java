package org.cricketstream.lambda;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs (the emulator, checkov, terraform): where it is missing the test is skipped
 * saying why on a user's machine, and fails under CI ({@code CI=true}), whose setup ({@code
 * .ci/run}) installs it.
 */
final class RequiredTool {
  private RequiredTool() {}

  static void require(String tool, Optional<String> unavailable, String install) {
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
