package org.cricketstream.stack;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Apicurio Registry for a test: installed (once, into the cache) where it can run; where it cannot
 * (no Java 21+), the test is skipped saying why on a user's machine, and fails under CI ({@code
 * CI=true}), whose setup ({@code .ci/run}) provides it.
 */
final class RegistryInstalled {
  private RegistryInstalled() {}

  /** The checkout whose {@code registry/registry.sh} runs it, once it is installed. */
  static Path checkout() {
    Path checkout = CricsheetData.checkout().orElseThrow();
    LocalRegistry.unavailable(checkout)
        .ifPresent(
            why -> {
              String reason = "Apicurio Registry cannot run here: " + why;
              if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true, so this is a failure, not a skip: " + reason);
              }
              Assumptions.abort(reason);
            });
    LocalRegistry.install(checkout, System.out::println);
    return checkout;
  }
}
