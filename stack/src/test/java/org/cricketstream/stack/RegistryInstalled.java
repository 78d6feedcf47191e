package org.cricketstream.stack;

import java.nio.file.Path;
import org.cricketstream.cricsheet.read.CricsheetData;
import org.cricketstream.testsupport.RequiredTool;

/**
 * Apicurio Registry for a test: installed (once, into the cache) where it can run; where it cannot
 * (no Java 21+), the test is skipped saying why on a user's machine, and fails under CI ({@code
 * CI=true}), whose setup ({@code .ci/run}) provides it.
 */
public final class RegistryInstalled {
  private RegistryInstalled() {}

  /** The checkout whose {@code registry/registry.sh} runs it, once it is installed. */
  public static Path checkout() {
    Path checkout = CricsheetData.checkout().orElseThrow();
    RequiredTool.require(
        "Apicurio Registry",
        LocalRegistry.unavailable(checkout),
        "install a Java 21+ (or set REGISTRY_JAVA to one)");
    LocalRegistry.install(checkout, System.out::println);
    return checkout;
  }
}
