package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cricketstream.stack.LocalKafka;
import org.cricketstream.stack.RegistryInstalled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor killed with -9 (by a user, or the kernel's out-of-memory killer) takes every
 * component with it: its JVMs and the programs it runs as they are (PostgreSQL, Apicurio Registry)
 * see its pipe on their standard input end and stop, so that nothing holds the ports that the next
 * {@code ./cricket up} in the same home needs.
 */
class SupervisorGoneIT {
  @TempDir Path dir;

  @Test
  void everyComponentStopsOnceItsSupervisorIsKilledWithMinus9() throws Exception {
    Path checkout = RegistryInstalled.checkout();
    Path home = dir.resolve("home");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ports.add(LocalKafka.freePort());
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcricket.root=" + System.getProperty("cricket.root", "."),
                "-cp",
                System.getProperty("java.class.path"),
                SupervisorHost.class.getName(),
                home.toString(),
                checkout.toString()));
    ports.forEach(p -> command.add(p.toString()));
    Path output = dir.resolve("host.log");
    Process host =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    List<ProcessHandle> stack = new ArrayList<>();
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Files.readString(output).contains("supervising") || !host.isAlive());
      assertThat(Files.readString(output)).contains("supervising");
      stack.addAll(host.descendants().toList());
      ProcessHandle postmaster =
          Child.stray(home.resolve("postgres").resolve("postmaster.pid")).orElseThrow();
      assertThat(stack).contains(postmaster);
      assertThat(stack)
          .anySatisfy(
              p ->
                  assertThat(p.info().commandLine().orElse(""))
                      .contains("java")
                      .contains("quarkus-run.jar"));
      for (int port : ports) {
        assertThat(StackHome.free(port)).as("port %d taken", port).isFalse();
      }

      host.destroyForcibly(); // kill -9: no shutdown hook, no stop of its children
      assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(
                        stack.stream()
                            .filter(ProcessHandle::isAlive)
                            .map(SupervisorGoneIT::describe))
                    .isEmpty();
                for (int port : ports) {
                  assertThat(StackHome.free(port)).as("port %d free", port).isTrue();
                }
              });
    } finally {
      host.destroyForcibly();
      stack.forEach(ProcessHandle::destroyForcibly);
      System.out.println(Files.readString(output));
    }
  }

  /**
   * Orphaned, a component gives its shutdown hooks the stop timeout the supervisor would have given
   * it (passed in its environment), then halts.
   */
  @Test
  void aJvmWhoseShutdownHangsHaltsOnceItsStopTimeoutPassed() throws Exception {
    Path output = dir.resolve("hanging.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HangingOnStop.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put(Supervised.MARK, "1");
    builder.environment().put(Supervised.STOP_TIMEOUT, "2000");
    Process child = builder.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(output).contains("watching") || !child.isAlive());
      long gone = System.nanoTime();
      child.getOutputStream().close(); // the pipe ends, as when the supervisor dies
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - gone)).isGreaterThan(Duration.ofSeconds(2));
      assertThat(child.exitValue()).isEqualTo(1);
      assertThat(Files.readString(output))
          .contains("the supervisor is gone; stopping")
          .contains("not stopped 2 s after the supervisor went; halting");
    } finally {
      child.destroyForcibly();
    }
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().orElse("?");
  }
}
