package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cricketstream.cli.up.StackHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each input mistake a new user makes is caught before anything starts: {@code ./cricket up} in its
 * own JVM, as the launcher runs it, exits with code 2 and one line naming the flag or setting, and
 * no server process was started (none runs with the home in its command line, and the home holds no
 * logs or pid files).
 */
class UpPreflightTest {
  private static final Path ROOT = CricketProcess.ROOT;

  private record Run(int exitCode, List<String> errLines) {}

  @Test
  void aDataPathThatDoesNotExist(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Path missing = tmp.resolve("no-such-folder");
    Run run = up(home, Map.of(), "--data", missing.toString());
    assertRefusedBeforeStarting(
        run, home, "cricket up: --data " + missing + ": no such file or folder");
  }

  @Test
  void aFolderWithNoCricsheetFiles(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Path folder = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(folder.resolve("README.txt"), "not a match\n");
    Files.writeString(folder.resolve("scores.xlsx"), "not a match either\n");
    Run run = up(home, Map.of(), "--data", folder.toString());
    assertRefusedBeforeStarting(
        run,
        home,
        "cricket up: --data "
            + folder
            + ": no Cricsheet files in it (expected .json, .yaml, or CSV2 ball files with their"
            + " _info.csv, in folders or .zip archives)");
  }

  @Test
  void aPortTakenByAnotherProcess(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // an earlier start kept this port for Kafka; another program holds it now
      new StackHome(home).record(Map.of("ports", Map.of("kafka", taken.getLocalPort())));
      Run run = up(home, Map.of(), "--data", fixtures().toString());
      assertRefusedBeforeStarting(
          run,
          home,
          "cricket up: port "
              + taken.getLocalPort()
              + " of kafka (kept in "
              + home.resolve("stack.json")
              + " from an earlier start) is in use by another process: stop it, or give another"
              + " --home");
    }
  }

  @Test
  void aHomeInUseByARunningUp(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Process holder = holdHome(home);
    try {
      Run run = up(home, Map.of(), "--data", fixtures().toString());
      assertThat(run.exitCode()).as(run.errLines().toString()).isEqualTo(2);
      assertThat(run.errLines().get(0))
          .isEqualTo(
              "cricket up: --home "
                  + home
                  + " is in use by ./cricket up (pid "
                  + holder.pid()
                  + "): stop it first, or give another --home");
      assertNoServerStarted(home);
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void aMalformedDuration(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Run run =
        up(home, Map.of("CRICKET_DEDUP_HORIZON", "seven days"), "--data", fixtures().toString());
    assertRefusedBeforeStarting(
        run,
        home,
        "cricket up: CRICKET_DEDUP_HORIZON=\"seven days\": expected a duration such as P7D, PT30S,"
            + " 7d, 30s or 500ms, more than zero");
  }

  @Test
  void aKafkaPropertiesFileThatDoesNotExist(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Path missing = tmp.resolve("kafka-client.properties");
    Run run =
        up(
            home,
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:1",
                "CRICKET_KAFKA_PROPERTIES",
                missing.toString()),
            "--data",
            fixtures().toString());
    assertRefusedBeforeStarting(
        run,
        home,
        "cricket up: CRICKET_KAFKA_PROPERTIES="
            + missing
            + ": no such file (expected Kafka client properties)");
  }

  @Test
  void kafkaPropertiesForTheBrokerUpStartsItself(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Path file = Files.writeString(tmp.resolve("kafka.properties"), "security.protocol=SASL_SSL\n");
    Run run =
        up(
            home,
            Map.of("CRICKET_KAFKA_PROPERTIES", file.toString()),
            "--data",
            fixtures().toString());
    assertRefusedBeforeStarting(
        run,
        home,
        "cricket up: CRICKET_KAFKA_PROPERTIES is set but KAFKA_BOOTSTRAP_SERVERS is not: the broker"
            + " up starts takes no client properties; set KAFKA_BOOTSTRAP_SERVERS to the cluster"
            + " the file is for, or unset CRICKET_KAFKA_PROPERTIES");
  }

  @Test
  void everyMistakeAtOnceIsOneLineEach(@TempDir Path tmp) throws Exception {
    Path home = tmp.resolve("home");
    Run run =
        up(
            home,
            Map.of("CRICKET_PROCESSOR_THREADS", "0", "WAREHOUSE_BATCH_LINGER", "soon"),
            "--data",
            tmp.resolve("nowhere").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .contains(
            "cricket up: --data " + tmp.resolve("nowhere") + ": no such file or folder",
            "cricket up: CRICKET_PROCESSOR_THREADS=\"0\": expected a whole number from 1 to 64",
            "cricket up: WAREHOUSE_BATCH_LINGER=\"soon\": expected a duration such as P7D, PT30S,"
                + " 7d, 30s or 500ms, more than zero");
    assertThat(String.join("\n", run.errLines()))
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertNoServerStarted(home);
  }

  @Test
  void aComponentCommandWithAMalformedSettingIsOneLineToo() throws Exception {
    Process p = start(java("processor"), Map.of("CRICKET_DEDUP_HORIZON", "7 days"));
    Run run = finish(p);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "cricket processor: CRICKET_DEDUP_HORIZON=\"7 days\": expected a duration such as"
                + " P7D, PT30S, 7d, 30s or 500ms, more than zero");
  }

  private static void assertRefusedBeforeStarting(Run run, Path home, String line)
      throws IOException {
    assertThat(run.exitCode()).as(run.errLines().toString()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo(line);
    assertThat(run.errLines())
        .as("one line per problem and a hint, never a stack trace")
        .hasSize(2);
    assertThat(run.errLines().get(1)).startsWith("Nothing was started.");
    assertNoServerStarted(home);
  }

  private static void assertNoServerStarted(Path home) throws IOException {
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
                .map(p -> p.info().commandLine().orElse(""))
                .toList())
        .as("processes started for the home")
        .isEmpty();
    assertThat(home.resolve("logs")).doesNotExist();
    assertThat(home.resolve("kafka")).doesNotExist();
    if (Files.isDirectory(home.resolve("run"))) {
      try (var files = Files.list(home.resolve("run"))) {
        assertThat(files.filter(f -> f.toString().endsWith(".pid")).toList()).isEmpty();
      }
    }
  }

  private static Path fixtures() {
    return ROOT.resolve("cricsheet/src/test/resources/fixtures");
  }

  private static Run up(Path home, Map<String, String> env, String... args) throws Exception {
    List<String> command = java("up");
    command.addAll(List.of("--home", home.toString(), "--no-superset"));
    command.addAll(List.of(args));
    return finish(start(command, env));
  }

  /** Another JVM that takes the home as a running up does, and holds it. */
  private static Process holdHome(Path home) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(HoldHome.class.getName());
    command.add(home.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("holding");
    return p;
  }

  /** Holds a home's lock until killed. */
  public static final class HoldHome {
    public static void main(String[] args) throws InterruptedException {
      StackHome.Lock lock = new StackHome(Path.of(args[0])).lock();
      System.out.println("holding");
      System.out.flush();
      Thread.sleep(120_000);
      lock.close();
    }
  }

  private static List<String> java(String subcommand) {
    return CricketProcess.command(subcommand);
  }

  private static Process start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    // the components' addresses and settings from this machine must not leak into the test
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("CRICKET_")
                    || k.startsWith("KAFKA_")
                    || k.startsWith("WAREHOUSE_")
                    || k.startsWith("POSTGRES_")
                    || k.startsWith("MONGO_"));
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private static Run finish(Process p) throws Exception {
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), err.lines().toList());
  }
}
