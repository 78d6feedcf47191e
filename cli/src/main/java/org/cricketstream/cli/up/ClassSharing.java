package org.cricketstream.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class data sharing among the stack's JVMs. The stack runs about ten JVMs on one class path, and
 * each loaded its own copy of the classes they have in common (Kafka's clients, Jackson, Netty, the
 * JDK's own): 60-80 MB of metadata per JVM, the same in each. The launcher ({@code ./cricket},
 * {@code scripts/class-sharing.sh}) archives the classes that two or more components load ({@code
 * cli/src/main/cds/classes.list}) once per build, and names the archive in {@link #PROPERTY}; every
 * JVM the supervisor starts then maps it, so those pages are in memory once for all of them.
 *
 * <p>The archive is mapped at the address it was written for ({@code ArchiveRelocationMode=0}):
 * this JDK's default (1) maps it elsewhere and rewrites every pointer in it, which makes each JVM's
 * pages its own and the archive cost more memory than it saves (the stack's peak PSS on the
 * generated matches 3,302 MB with it relocated, 2,349 MB without an archive, 2,148 MB with it
 * mapped in place). Only the archive's place in memory is fixed: the rest of each JVM's address
 * space is laid out at random as before.
 *
 * <p>A JVM that cannot use the archive (another class path, a jar rebuilt since, another JDK) runs
 * without it, as before: sharing saves memory, it never decides whether a component starts.
 */
public final class ClassSharing {
  /** The system property that names the archive; set by the launcher when it is up to date. */
  public static final String PROPERTY = "cricket.classSharing";

  private ClassSharing() {}

  /**
   * The options that make a JVM on this JVM's class path map the archive (none without one),
   * passing the property on, so a child that starts JVMs of its own (chaos's {@code up}) shares it
   * too.
   */
  public static List<String> jvmOptions() {
    String archive = System.getProperty(PROPERTY);
    return archive == null || archive.isBlank() ? List.of() : jvmOptions(Path.of(archive));
  }

  /** The options that make a JVM map {@code archive}; none when there is no such file. */
  static List<String> jvmOptions(Path archive) {
    if (!Files.isRegularFile(archive)) {
      return List.of();
    }
    return List.of(
        "-XX:+UnlockDiagnosticVMOptions",
        "-XX:ArchiveRelocationMode=0",
        "-XX:SharedArchiveFile=" + archive,
        "-D" + PROPERTY + "=" + archive);
  }
}
