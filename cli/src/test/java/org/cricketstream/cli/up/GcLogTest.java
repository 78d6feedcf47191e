package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JVM writes its GC log with the supervisor's option; the summary reads its live set. */
class GcLogTest {

  /** Keeps 40 MB for its whole run and churns 1 GB of garbage around it. */
  public static final class Retains40Mb {
    public static void main(String[] args) {
      List<byte[]> kept = new ArrayList<>();
      // 64 KB pieces: a piece of half a G1 region or more would take whole regions of its own
      for (int i = 0; i < 40 * 16; i++) {
        kept.add(new byte[64 << 10]);
      }
      long churned = 0;
      for (int i = 0; i < 10_000; i++) {
        churned += new byte[100_000].length;
      }
      System.gc();
      System.out.println((kept.size() >> 4) + " MB kept, " + (churned >> 20) + " MB churned");
    }
  }

  @TempDir Path dir;

  @Test
  void theMostHeapAfterACollectionIsTheLiveSetOfAG1AndASerialJvm() throws Exception {
    for (String gc : List.of("-XX:+UseG1GC", "-XX:+UseSerialGC")) {
      // a space in the path: the option quotes it
      Path file = dir.resolve(gc.substring(7) + " heap").resolve("x.gc.log");
      Files.createDirectories(file.getParent());
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  gc,
                  "-Xmx128m",
                  GcLog.option(file),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Retains40Mb.class.getName())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();

      GcLog.Summary summary = GcLog.read(file);

      assertThat(summary.collections()).as(gc).isGreaterThan(3);
      // the 40 MB it keeps, and not the 1 GB it churned through a heap of at most 128 MB
      assertThat(summary.maxAfterBytes() >> 20).as(gc).isBetween(40L, 100L);
      assertThat(summary.maxCommittedBytes() >> 20).as(gc).isBetween(40L, 128L);
      // System.gc() after the churn: a full collection, which leaves the 40 MB and little more
      assertThat(summary.maxAfterFullBytes() >> 20).as(gc).isBetween(40L, 50L);
      // the pauses of a run of seconds at most; each collection's CPU written beside them (its
      // sum can be 0: the JVM reads the process's CPU in ticks of 10 ms, and these are short)
      assertThat(summary.pauseSeconds()).as(gc).isGreaterThan(0).isLessThan(30);
      assertThat(Files.readString(file)).as(gc).containsPattern("GC\\(\\d+\\) User=");
    }
  }

  @Test
  void pausesAndTheirCpuAreSummedOverTheRotatedFiles() throws Exception {
    Path file = dir.resolve("sink.gc.log");
    // as JDK 17's serial collector writes them with the supervisor's option
    Files.writeString(
        file.resolveSibling("sink.gc.log.0"),
        """
        [2026-12-07T10:05:41.147+0000][0.004s] Using Serial
        [2026-12-07T10:05:41.826+0000][0.683s] GC(0) Pause Young (Allocation Failure) 4M->2M(15M) 8.609ms
        [2026-12-07T10:05:41.826+0000][0.683s] GC(0) User=0.01s Sys=0.00s Real=0.01s
        """);
    Files.writeString(
        file,
        """
        [2026-12-07T10:05:55.801+0000][15.407s] GC(36) Pause Full (Allocation Failure) 63M->51M(94M) 590.809ms
        [2026-12-07T10:05:55.801+0000][15.407s] GC(36) User=0.12s Sys=0.03s Real=0.59s
        """);

    GcLog.Summary summary = GcLog.read(file);

    assertThat(summary.collections()).isEqualTo(2);
    assertThat(summary.maxAfterFullBytes()).isEqualTo(51L << 20);
    assertThat(summary.pauseSeconds()).isCloseTo(0.599418, within(1e-9));
    assertThat(summary.cpuSeconds()).isCloseTo(0.16, within(1e-9));
  }

  @Test
  void aComponentThatNeverRanHasNoCollections() throws Exception {
    assertThat(GcLog.read(dir.resolve("none.gc.log")))
        .isEqualTo(new GcLog.Summary(0, 0, 0, 0, 0, 0));
  }
}
