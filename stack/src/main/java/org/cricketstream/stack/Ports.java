package org.cricketstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1, of two kinds that never meet.
 *
 * <p>{@link #free} draws the ports a stack keeps for servers it starts later ({@code stack.json}, a
 * test's servers): below the kernel's ephemeral range, where nothing else is ever placed. A port in
 * that range, as {@code new ServerSocket(0)} gives, is where the kernel puts every other process's
 * {@code bind(0)} too; a stack's PostgreSQL once found the port drawn for it taken a few seconds
 * later ("port 41583 on 127.0.0.1 is in use by another process"), and {@code up} gave the stack up.
 * {@link #ephemeral} draws in that range, for a server its process binds at once.
 */
public final class Ports {
  /** The lowest port drawn: above the well-known and most registered servers' ports. */
  static final int LOWEST = 10_000;

  /** Where the range starts when the kernel does not say: below Linux's and macOS's defaults. */
  static final int EPHEMERAL_DEFAULT_START = 32_768;

  private static final Path LINUX_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ATTEMPTS = 1_000;

  private Ports() {}

  /**
   * {@code count} different ports free on 127.0.0.1 right now, none of {@code taken}: each is held
   * while the next is drawn, since ports drawn one at a time can be the same one twice (a test's S3
   * once got its SQS's port).
   */
  public static List<Integer> free(int count, Set<Integer> taken) {
    return free(count, taken, LINUX_RANGE);
  }

  /** As {@link #free(int, Set)}, below the range {@code rangeFile} gives. */
  static List<Integer> free(int count, Set<Integer> taken, Path rangeFile) {
    int end = ephemeralStart(rangeFile);
    List<ServerSocket> held = new ArrayList<>();
    try {
      InetAddress host = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      for (int attempt = 0; held.size() < count && attempt < ATTEMPTS; attempt++) {
        int port =
            end > LOWEST ? ThreadLocalRandom.current().nextInt(LOWEST, end) : 0; // 0: any port
        if (taken.contains(port)) {
          continue;
        }
        try {
          ServerSocket socket = new ServerSocket(port, 1, host);
          if (taken.contains(socket.getLocalPort())) {
            socket.close();
          } else {
            held.add(socket);
          }
        } catch (IOException inUse) {
          // drawn again
        }
      }
      if (held.size() < count) {
        throw new IllegalStateException(
            "no " + count + " free ports on 127.0.0.1 in " + LOWEST + "-" + (end - 1));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // a listening socket that fails to close keeps its port: the caller's bind says so
        }
      }
    }
  }

  /** One port free on 127.0.0.1 right now, none of {@code taken}. */
  public static int free(Set<Integer> taken) {
    return free(1, taken).get(0);
  }

  /**
   * A port in the kernel's ephemeral range free right now, none of {@code taken}: for a server this
   * process binds at once, whose port no other process was told. It can never be one of the ports
   * {@link #free} drew, which a stack keeps for servers not started yet.
   */
  public static int ephemeral(Set<Integer> taken) {
    while (true) {
      try (ServerSocket socket =
          new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
        if (!taken.contains(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on 127.0.0.1", e);
      }
    }
  }

  /**
   * The first port of the kernel's ephemeral range as {@code file} gives it ("32768 60999" on
   * Linux), else {@link #EPHEMERAL_DEFAULT_START}.
   */
  static int ephemeralStart(Path file) {
    try {
      return Integer.parseInt(Files.readString(file).strip().split("\\s+", 2)[0]);
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_DEFAULT_START; // not Linux, or not readable
    }
  }
}
