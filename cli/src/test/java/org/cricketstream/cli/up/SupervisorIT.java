package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cricketstream.stack.LocalKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child processes: restarts, crash loops, process groups, ports. */
class SupervisorIT {
  private static final SupervisorSettings SETTINGS =
      new SupervisorSettings(
          4,
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          1 << 20,
          2,
          SupervisorSettings.Jit.TIERED,
          List.of());

  @TempDir Path dir;

  private final StringWriter said = new StringWriter();

  @org.junit.jupiter.api.AfterEach
  void show() {
    System.out.println(said); // what the supervisor said, in the test's report
  }

  private Supervisor supervisor() {
    return new Supervisor(new StackHome(dir.resolve("home")), SETTINGS, new PrintWriter(said));
  }

  /** A component that exits with code 2 at once, never healthy: its port is not a number. */
  private Component crasher(String name) {
    return Component.service(
        name,
        List.of("server", "mongo", "--data", dir.resolve(name).toString(), "--port", "no-port"),
        Map.of(),
        "128m",
        child -> false);
  }

  /** A light component's JVM runs with the client compiler only; the others with both. */
  @Test
  void aLightComponentsJvmRunsWithTheLightOptions() throws Exception {
    assertThat(Components.mongo(dir.resolve("m"), 1).light()).isFalse();
    assertThat(Components.bridge(Map.of()).light()).isTrue();
    try (Supervisor supervisor = supervisor()) {
      Child mongo =
          supervisor.start(Components.mongo(dir.resolve("mongo"), LocalKafka.freePort()).asLight());
      List<String> arguments =
          List.of(
              Files.readString(Path.of("/proc", Long.toString(mongo.pid()), "cmdline"))
                  .split("\0"));
      assertThat(arguments)
          .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m")
          .contains("-Xss512k", "-XX:+UseSerialGC")
          .containsSubsequence("-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40");
      // every line its JVM logs starts with the time it was written
      Path log = dir.resolve("home/logs/mongo.log");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(log).contains("started MongoServer"));
      assertThat(Files.readAllLines(log))
          .filteredOn(line -> line.contains("started MongoServer"))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[main\\] INFO .*");
      // what the JVM's start cost, as the operating system counts it (bench e2e reports these)
      Map<String, Double> cpu = supervisor.cpuSecondsByComponent();
      assertThat(cpu.get(mongo.component().name())).isPositive();
      assertThat(cpu.get(Supervisor.SUPERVISOR)).isPositive();
      // what the stack's peak was made of: each process's share in the sample that peaked
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!supervisor.proportionalBytesAtPeak().containsKey(mongo.component().name())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Map<String, Long> atPeak = supervisor.proportionalBytesAtPeak();
      assertThat(atPeak.get(mongo.component().name())).isGreaterThan(10L << 20);
      assertThat(atPeak.get(Supervisor.SUPERVISOR)).isGreaterThan(10L << 20);
      assertThat(atPeak.values().stream().mapToLong(Long::longValue).sum())
          .isLessThanOrEqualTo(supervisor.peakProportionalBytes())
          .isPositive();
    }
  }

  /** CRICKET_JIT: c1 runs every JVM with the client compiler alone, tiered leaves the default. */
  @Test
  void theJitSettingChoosesTheCompilersOfEveryComponentsJvm() throws Exception {
    for (SupervisorSettings.Jit jit : SupervisorSettings.Jit.values()) {
      SupervisorSettings settings =
          SupervisorSettings.fromEnvironment(
              Map.of(SupervisorSettings.JIT.name(), jit.name().toLowerCase(java.util.Locale.ROOT)));
      assertThat(settings.jit()).isEqualTo(jit);
      try (Supervisor supervisor =
          new Supervisor(
              new StackHome(dir.resolve("home-" + jit)), settings, new PrintWriter(said))) {
        Child mongo =
            supervisor.start(Components.mongo(dir.resolve("mongo-" + jit), LocalKafka.freePort()));
        List<String> arguments =
            List.of(
                Files.readString(Path.of("/proc", Long.toString(mongo.pid()), "cmdline"))
                    .split("\0"));
        assertThat(arguments).doesNotContain("-XX:ReservedCodeCacheSize=32m");
        // MongoDB's server churns through documents: its heap is not held tight
        assertThat(Components.mongo(dir, 1).jvm()).isEqualTo(Component.Jvm.CHURNING);
        assertThat(arguments)
            .contains("-XX:+UseSerialGC")
            .noneMatch(a -> a.contains("HeapFreeRatio"));
        if (jit == SupervisorSettings.Jit.C1) {
          assertThat(arguments).contains("-XX:TieredStopAtLevel=1");
        } else {
          assertThat(arguments).noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel"));
        }
      }
    }
  }

  @Test
  void aCrashingComponentIsGivenUpWhileAnotherIsRestartedOnItsOwn() throws Exception {
    try (Supervisor supervisor = supervisor()) {
      Keeper crasher = supervisor.supervise(crasher("crasher"));
      Child mongo = supervisor.start(Components.mongo(dir.resolve("mongo"), LocalKafka.freePort()));
      assertThat(ProcessGroups.groupOf(mongo.pid())).contains(mongo.pid());
      // its temporary files go to a folder of its own in the home, emptied when it starts again
      Path tmp = dir.resolve("home").resolve("tmp").resolve("mongo");
      assertThat(
              Files.readString(Path.of("/proc", Long.toString(mongo.pid()), "cmdline")).split("\0"))
          .contains("-Djava.io.tmpdir=" + tmp);
      assertThat(
              Files.readString(Path.of("/proc", Long.toString(mongo.pid()), "environ")).split("\0"))
          .contains("TMPDIR=" + tmp);
      Path leftover = Files.writeString(tmp.resolve("libleft-by-a-killed-jvm.so"), "x");
      Files.writeString(Files.createDirectories(tmp.resolve("task")).resolve("f"), "x");

      ProcessHandle.of(mongo.pid()).orElseThrow().destroyForcibly(); // kill -9
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  supervisor.state("mongo").orElseThrow() == Keeper.State.RUNNING
                      && supervisor.child("mongo").orElseThrow().pid() != mongo.pid());
      // the crasher was backing off meanwhile, on its own thread: not given up yet
      assertThat(crasher.state()).isNotEqualTo(Keeper.State.CRASH_LOOPING);
      assertThat(crasher.restarts()).isGreaterThanOrEqualTo(1);
      assertThat(supervisor.restarts("mongo")).isEqualTo(1);
      assertThat(tmp).isDirectory();
      assertThat(leftover).doesNotExist();
      assertThat(tmp.resolve("task")).doesNotExist();
      assertThat(said.toString())
          .contains("mongo         exited with code 137; restarting")
          .contains("mongo         ready again in");

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> crasher.state() == Keeper.State.CRASH_LOOPING);
      assertThat(crasher.restarts()).isEqualTo(4);
      assertThat(supervisor.failures())
          .singleElement()
          .asString()
          .contains("crasher is crash-looping: gave up after 4 restarts within 10 min")
          .contains("last exit code 2")
          .contains("crasher.log");
      assertThat(supervisor.state("mongo")).contains(Keeper.State.RUNNING);

      // up --exit-when-idle waits for idleness: it fails at once, naming the component
      assertThatThrownBy(
              () ->
                  new Idleness(supervisor, null, null, () -> null, null)
                      .await(Duration.ofMinutes(5)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("crasher is crash-looping");

      // status reads the same from run/supervisor.json
      Path file = Supervisor.statusFile(new StackHome(dir.resolve("home")));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Files.exists(file)
                      && "crash-looping"
                          .equals(
                              new ObjectMapper()
                                  .readTree(file.toFile())
                                  .path("components")
                                  .path("crasher")
                                  .path("state")
                                  .asText()));
      JsonNode status = new ObjectMapper().readTree(file.toFile()).path("components");
      assertThat(status.path("crasher").path("lastExitCode").asInt()).isEqualTo(2);
      assertThat(status.path("mongo").path("state").asText()).isEqualTo("running");
      assertThat(status.path("mongo").path("restarts").asInt()).isEqualTo(1);
      assertThat(org.cricketstream.cli.StatusAccess.summary(status.path("crasher")))
          .startsWith("CRASH-LOOPING (restarts 4; last exit code 2")
          .contains("crasher.log");

      // a start that can only crash-loop ends in an error with the end of its log
      assertThatThrownBy(() -> supervisor.start(crasher("second")))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("second is crash-looping")
          .hasMessageContaining("no-port");
    }
  }

  @Test
  void aHungComponentIsRestartedOnceItsHealthCheckFailedLongEnough() throws Exception {
    try (Supervisor supervisor = supervisor()) {
      Child mongo = supervisor.start(Components.mongo(dir.resolve("mongo"), LocalKafka.freePort()));
      signal(mongo.pid(), "STOP"); // alive, but answers nothing
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  supervisor.state("mongo").orElseThrow() == Keeper.State.RUNNING
                      && supervisor.child("mongo").orElseThrow().pid() != mongo.pid());
      assertThat(ProcessHandle.of(mongo.pid())).isEmpty();
      assertThat(supervisor.restarts("mongo")).isEqualTo(1);
      assertThat(said.toString())
          .contains("mongo         health check failed")
          .contains("mongo         unhealthy for 10 s (health check failed");
    }
  }

  private static void signal(long pid, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }

  @Test
  void aPortInUseIsRefusedBeforeStartingNamingTheComponentAndThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Supervisor supervisor = supervisor()) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> supervisor.start(Components.mongo(dir.resolve("mongo"), port)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("mongo failed")
          .hasMessageContaining("port " + port + " on 127.0.0.1 is in use");
      assertThat(supervisor.child("mongo")).isEmpty(); // never started
      assertThat(supervisor.failures()).hasSize(1);
    }
  }

  @Test
  void thePostmasterGoesWithItsComponentAlsoAfterAKillMinus9() throws Exception {
    Path data = dir.resolve("postgres");
    Path pidFile = data.resolve("postmaster.pid");
    try (Supervisor supervisor = supervisor()) {
      Child first = supervisor.start(Components.postgres(data, LocalKafka.freePort()));
      ProcessHandle postmaster = Child.stray(pidFile).orElseThrow();
      // the postmaster has a session of its own: it is outside the child's group
      assertThat(ProcessGroups.groupOf(postmaster.pid())).contains(postmaster.pid());

      ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly(); // kill -9 the component
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  supervisor.state("postgres").orElseThrow() == Keeper.State.RUNNING
                      && supervisor.child("postgres").orElseThrow().pid() != first.pid());
      assertThat(postmaster.isAlive()).isFalse();
      ProcessHandle second = Child.stray(pidFile).orElseThrow();
      assertThat(second.pid()).isNotEqualTo(postmaster.pid());

      supervisor.stop("postgres");
      assertThat(second.isAlive()).isFalse();
      assertThat(Child.stray(pidFile)).isEmpty();
      assertThat(
              ProcessHandle.allProcesses()
                  .filter(
                      p ->
                          p.info()
                              .commandLine()
                              .map(c -> c.contains(data.toString()))
                              .orElse(false)))
          .isEmpty();
    }
  }
}
