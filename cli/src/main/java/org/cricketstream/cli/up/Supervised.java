package org.cricketstream.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * The side of a component's JVM that {@link Supervisor} runs: its standard input is a pipe from the
 * supervisor, which never writes to it. When the pipe ends the supervisor is gone (even by kill
 * -9), and the JVM stops through its shutdown hooks instead of living on; as the supervisor would
 * have killed it once its stop timeout passed ({@link #STOP_TIMEOUT}), it halts then if the hooks
 * have not finished (a sink or a Connect worker can wait a minute on a Kafka that went with it).
 */
public final class Supervised {
  /** Marks a child that must stop when its standard input closes. */
  public static final String MARK = "CRICKET_SUPERVISED";

  /** The component's stop timeout, in milliseconds, which it gives itself once orphaned. */
  public static final String STOP_TIMEOUT = "CRICKET_STOP_TIMEOUT_MS";

  /** Without {@link #STOP_TIMEOUT}: a service's stop timeout. */
  static final Duration DEFAULT_STOP_TIMEOUT = Component.SERVICE_STOP_TIMEOUT;

  private Supervised() {}

  /** Whether {@code env} is a supervised child's. */
  public static boolean isSupervised(Map<String, String> env) {
    return "1".equals(env.get(MARK));
  }

  /**
   * Watches {@code in} (standard input) on a daemon thread: at its end, says so and exits, halting
   * if the shutdown hooks take longer than the stop timeout {@code env} gives.
   */
  public static void stopWhenSupervisorIsGone(InputStream in, Map<String, String> env) {
    Duration deadline = stopTimeout(env);
    Thread watch =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // the supervisor never writes; anything read is ignored
                }
              } catch (IOException e) {
                // a broken pipe means the same as end of input
              }
              System.err.println("the supervisor is gone; stopping");
              Thread halt =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(deadline.toMillis());
                        } catch (InterruptedException e) {
                          return;
                        }
                        System.err.printf(
                            "not stopped %d s after the supervisor went; halting%n",
                            deadline.toSeconds());
                        Runtime.getRuntime().halt(1);
                      },
                      "supervisor-gone-deadline");
              halt.setDaemon(true);
              halt.start();
              System.exit(0);
            },
            "supervisor-watch");
    watch.setDaemon(true);
    watch.start();
  }

  static Duration stopTimeout(Map<String, String> env) {
    try {
      long millis = Long.parseLong(env.getOrDefault(STOP_TIMEOUT, "").strip());
      return millis > 0 ? Duration.ofMillis(millis) : DEFAULT_STOP_TIMEOUT;
    } catch (NumberFormatException e) {
      return DEFAULT_STOP_TIMEOUT;
    }
  }
}
