package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
  @Test
  void drawsDifferentFreePortsBelowTheEphemeralRange(@TempDir Path dir) throws IOException {
    Path range = Files.writeString(dir.resolve("range"), "32768\t60999\n");
    Set<Integer> taken = new HashSet<>();
    for (int round = 0; round < 20; round++) {
      List<Integer> ports = Ports.free(12, taken, range);
      assertThat(ports)
          .hasSize(12)
          .doesNotHaveDuplicates()
          .allMatch(p -> p >= 10_000 && p < 32_768);
      assertThat(ports).noneMatch(taken::contains);
      taken.addAll(ports);
    }
    // each is free: a server binds it
    for (int port : Ports.free(3, Set.of(), range)) {
      try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(server.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void neverDrawsAPortInUse(@TempDir Path dir) throws IOException {
    // a range starting one above the lowest port: that port is the only one to draw
    Path range = Files.writeString(dir.resolve("range"), (Ports.LOWEST + 1) + " 60999");
    boolean ours;
    try (ServerSocket server = new ServerSocket()) {
      try {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.LOWEST), 1);
        ours = true;
      } catch (BindException inUseAlready) {
        ours = false; // another process holds it: in use all the same
      }
      assertThatThrownBy(() -> Ports.free(1, Set.of(), range))
          .hasMessageContaining("no 1 free ports on 127.0.0.1 in 10000-10000");
    }
    if (ours) {
      assertThat(Ports.free(1, Set.of(), range)).containsExactly(Ports.LOWEST);
    }
  }

  @Test
  void readsTheKernelsRangeOrAssumesTheCommonDefault(@TempDir Path dir) throws IOException {
    assertThat(Ports.ephemeralStart(Files.writeString(dir.resolve("linux"), "32768\t60999\n")))
        .isEqualTo(32_768);
    assertThat(Ports.ephemeralStart(Files.writeString(dir.resolve("wide"), "1024 65535")))
        .isEqualTo(1024);
    assertThat(Ports.ephemeralStart(dir.resolve("absent"))).isEqualTo(32_768);
    assertThat(Ports.ephemeralStart(Files.writeString(dir.resolve("garbled"), "many")))
        .isEqualTo(32_768);
  }

  @Test
  void drawsAnyFreePortWhenTheRangeLeavesNoneBelowIt(@TempDir Path dir) throws IOException {
    Path range = Files.writeString(dir.resolve("range"), "1024 65535");
    assertThat(Ports.free(4, Set.of(), range))
        .hasSize(4)
        .doesNotHaveDuplicates()
        .allMatch(p -> p > 0);
  }

  @Test
  void drawsWhereTheKernelDrawsForAServerBoundAtOnce() {
    int start = Ports.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = Ports.ephemeral(taken);
      assertThat(port).isGreaterThanOrEqualTo(start).isNotIn(taken);
      taken.add(port);
    }
  }
}
