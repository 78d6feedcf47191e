package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's own JVM options, the checkout's {@code scripts/supervisor.jvm.options} that the
 * launcher and {@code chaos} give {@code up}, make a light JVM: the client compiler alone, the
 * serial collector and a heap of at most 256 MB (as a JVM given them reports its flags).
 */
class SupervisorOwnOptionsTest {
  @Test
  void upsJvmRunsTheClientCompilerAloneOnASmallSerialHeap() throws Exception {
    Path checkout = Path.of("..").toAbsolutePath().normalize();
    List<String> options = Supervisor.ownJvmOptions(checkout);
    assertThat(options)
        .containsExactly("-XX:VMOptionsFile=" + checkout.resolve("scripts/supervisor.jvm.options"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(flags).isZero();
    assertThat(flags)
        .containsPattern("TieredStopAtLevel\\s+= 1\\s")
        .containsPattern("UseSerialGC\\s+= true\\s")
        .containsPattern("MaxHeapSize\\s+= 268435456\\s")
        .containsPattern("ReservedCodeCacheSize\\s+= 33554432\\s");
  }

  @Test
  void outsideACheckoutThereAreNone(@TempDir Path elsewhere) {
    assertThat(Supervisor.ownJvmOptions(elsewhere)).isEmpty();
  }
}
