package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import org.cricketstream.testsupport.RequiredTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cricket} builds what changed before it runs a command: one build at a time for a
 * checkout, and none under JVMs running from it, whose jars a build rewrites in place.
 *
 * <p>It runs the launcher in a checkout of its own: the real launcher and cli jar, the cli's
 * libraries, a source newer than the jar, and a {@code mvn} on the PATH that only counts its builds
 * and takes 3 s (what is under test is when the launcher builds, not Maven).
 */
class LauncherIT {
  @TempDir Path checkout;
  private Path builds;
  private Path bin;

  @BeforeEach
  void aCheckoutWhoseSourcesChanged() throws IOException {
    Path launcher = checkout.resolve("cricket");
    Files.copy(CricketProcess.ROOT.resolve("cricket"), launcher);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path cliTarget = Files.createDirectories(checkout.resolve("cli/target"));
    Path cliJar = CricketProcess.ROOT.resolve("cli/target/cricket-cli.jar");
    assertThat(cliJar).as("the cli's jar, packaged before the integration tests").exists();
    Files.copy(cliJar, cliTarget.resolve("cricket-cli.jar"));
    Files.createSymbolicLink(
        cliTarget.resolve("lib"), CricketProcess.ROOT.resolve("cli/target/lib"));
    Path benchJar = Files.createDirectories(checkout.resolve("bench/target"));
    new JarOutputStream(Files.newOutputStream(benchJar.resolve("cricket-bench.jar"))).close();
    FileTime built = FileTime.from(Instant.now().minusSeconds(60));
    Files.setLastModifiedTime(cliTarget.resolve("cricket-cli.jar"), built);
    Files.setLastModifiedTime(benchJar.resolve("cricket-bench.jar"), built);
    Files.writeString(checkout.resolve("Changed.java"), "class Changed {}\n");

    builds = checkout.resolve("builds.txt");
    bin = Files.createDirectories(checkout.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho build >> \"" + builds + "\"\nsleep 3\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void twoLaunchersAtOnceBuildOnce() throws Exception {
    RequiredTool.require("flock", missing("flock"), "install util-linux");
    Process first = launch();
    Process second = launch();
    String out = finish(first) + finish(second);

    assertThat(buildsRun()).as("builds; the launchers said:%n%s", out).isEqualTo(1);
    assertThat(out).contains("waiting for another ./cricket's build of this checkout");
    assertThat(out.split("cricket-stream \\(development build\\)", -1)).hasSize(3);
  }

  @Test
  void noBuildUnderAJvmRunningFromTheCheckout() throws Exception {
    RequiredTool.require("pgrep", missing("pgrep"), "install procps");
    Path sleeper = checkout.resolve("Sleep.java");
    Files.writeString(
        sleeper,
        "class Sleep { public static void main(String[] a) throws Exception {"
            + " Thread.sleep(120_000); } }\n");
    Process running =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcricket.root=" + checkout,
                sleeper.toString())
            .redirectErrorStream(true)
            .redirectOutput(checkout.resolve("sleep.log").toFile())
            .start();
    try {
      String out = finish(launch());
      assertThat(buildsRun()).as("builds; the launcher said:%n%s", out).isZero();
      assertThat(out)
          .contains("not rebuilding under it", "pid " + running.pid())
          .contains("cricket-stream (development build)");
    } finally {
      running.destroy();
      running.waitFor(30, TimeUnit.SECONDS);
    }

    String out = finish(launch());
    assertThat(buildsRun()).as("builds once it stopped; the launcher said:%n%s", out).isEqualTo(1);
    assertThat(out).contains("cricket-stream (development build)");
  }

  private Process launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(checkout.resolve("cricket").toString(), "--version")
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return builder.start();
  }

  private static String finish(Process launcher) throws Exception {
    String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("ended: %s", out).isTrue();
    assertThat(launcher.exitValue()).as("exit code; its output:%n%s", out).isZero();
    return out;
  }

  /** Why {@code tool} cannot run: not on the PATH; empty where it is. */
  private static Optional<String> missing(String tool) {
    for (String folder : System.getenv("PATH").split(":", -1)) {
      if (Files.isExecutable(Path.of(folder, tool))) {
        return Optional.empty();
      }
    }
    return Optional.of("no " + tool + " on the PATH, which the launcher uses for this");
  }

  private int buildsRun() throws IOException {
    return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
  }
}
