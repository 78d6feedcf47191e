package org.cricketstream.cli.up;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cricketstream.config.Setting;

/**
 * How {@code ./cricket up} keeps its children, declared once: restarts, health checks and log
 * sizes. Every setting is an environment variable, listed in {@code ./cricket up --help}.
 *
 * @param restartLimit CRICKET_RESTART_LIMIT: restarts allowed within {@code restartWindow}; one
 *     more failure and the component is given up as crash-looping
 * @param restartWindow CRICKET_RESTART_WINDOW: the window restarts are counted in
 * @param firstBackoff CRICKET_RESTART_BACKOFF: the wait before the first restart, doubled for each
 *     further restart within the window
 * @param maxBackoff CRICKET_RESTART_BACKOFF_MAX: the longest wait before a restart
 * @param healthInterval CRICKET_HEALTH_INTERVAL: how often a running component's health is checked
 * @param unhealthyFor CRICKET_UNHEALTHY_RESTART: how long a health check may fail before the
 *     component is restarted
 * @param logMaxBytes CRICKET_LOG_MAX_MB: a child's log is rolled over past this size
 * @param logFiles CRICKET_LOG_FILES: rolled-over logs kept per component ({@code <name>.log.1} ..)
 * @param jit CRICKET_JIT: the components' JIT compilers ({@link Jit})
 * @param jvmOptions CRICKET_COMPONENT_JVM_OPTIONS: more options for every component's JVM, after
 *     the supervisor's own; {@code {component}} in one becomes the component's name
 */
public record SupervisorSettings(
    int restartLimit,
    Duration restartWindow,
    Duration firstBackoff,
    Duration maxBackoff,
    Duration healthInterval,
    Duration unhealthyFor,
    long logMaxBytes,
    int logFiles,
    Jit jit,
    List<String> jvmOptions) {

  /** Which of HotSpot's JIT compilers the components' JVMs run. */
  public enum Jit {
    /**
     * The client compiler only ({@code -XX:TieredStopAtLevel=1}). The stack's JVMs are many and its
     * machine small: C2's compilations cost more CPU than its faster code saves there. On two
     * cores, {@code bench e2e}'s whole sample took 161 s with C1 alone (308 CPU seconds, all
     * processes) where C1 and C2 took 194-224 s (366-402 CPU seconds; the compiler threads alone
     * about 150), and the stack's peak memory fell from 4.2-4.5 GB to 4.0.
     */
    C1,
    /** The JVM's default, C1 then C2: for long runs on more cores, where C2 pays for itself. */
    TIERED
  }

  public static final Setting<Integer> RESTART_LIMIT =
      Setting.integer(
              "CRICKET_RESTART_LIMIT",
              5,
              "restarts of one component allowed within CRICKET_RESTART_WINDOW before it is given"
                  + " up as crash-looping")
          .between(0, 1000);

  public static final Setting<Duration> RESTART_WINDOW =
      Setting.duration("CRICKET_RESTART_WINDOW", "10m", "window the restarts are counted in")
          .positive();

  public static final Setting<Duration> RESTART_BACKOFF =
      Setting.duration(
              "CRICKET_RESTART_BACKOFF",
              "1s",
              "wait before a restart, doubled for each further restart within the window")
          .positive();

  public static final Setting<Duration> RESTART_BACKOFF_MAX =
      Setting.duration("CRICKET_RESTART_BACKOFF_MAX", "1m", "longest wait before a restart")
          .positive();

  public static final Setting<Duration> HEALTH_INTERVAL =
      Setting.duration(
              "CRICKET_HEALTH_INTERVAL", "5s", "how often a running component's health is checked")
          .positive();

  public static final Setting<Duration> UNHEALTHY_RESTART =
      Setting.duration(
              "CRICKET_UNHEALTHY_RESTART",
              "90s",
              "how long a running component's health check may fail before it is restarted")
          .positive();

  public static final Setting<Integer> LOG_MAX_MB =
      Setting.integer(
              "CRICKET_LOG_MAX_MB", 50, "a component's log is rolled over past this many MB")
          .between(1, 100_000);

  public static final Setting<Integer> LOG_FILES =
      Setting.integer(
              "CRICKET_LOG_FILES", 3, "rolled-over logs kept per component (<name>.log.1 ..)")
          .between(1, 100);

  public static final Setting<Jit> JIT =
      Setting.choice(
          "CRICKET_JIT",
          Jit.class,
          Jit.C1,
          "JIT compilers of the components' JVMs: c1 (the client compiler only, cheapest on a"
              + " small machine) or tiered (C1 then C2, the JVM's default, for long runs on more"
              + " cores)");

  public static final Setting<String> COMPONENT_JVM_OPTIONS =
      Setting.text(
          "CRICKET_COMPONENT_JVM_OPTIONS",
          null,
          "more options for every component's JVM, space-separated; {component} in one becomes"
              + " the component's name (e.g. -XX:NativeMemoryTracking=summary, or"
              + " -XX:DumpLoadedClassList=/tmp/{component}.lst)");

  public static final List<Setting<?>> SETTINGS =
      List.of(
          RESTART_LIMIT,
          RESTART_WINDOW,
          RESTART_BACKOFF,
          RESTART_BACKOFF_MAX,
          HEALTH_INTERVAL,
          UNHEALTHY_RESTART,
          LOG_MAX_MB,
          LOG_FILES,
          JIT,
          COMPONENT_JVM_OPTIONS);

  /** The settings in {@code env}, defaults for the rest; throws on a value that is none. */
  public static SupervisorSettings fromEnvironment(Map<String, String> env) {
    return new SupervisorSettings(
        RESTART_LIMIT.read(env),
        RESTART_WINDOW.read(env),
        RESTART_BACKOFF.read(env),
        RESTART_BACKOFF_MAX.read(env),
        HEALTH_INTERVAL.read(env),
        UNHEALTHY_RESTART.read(env),
        (long) LOG_MAX_MB.read(env) << 20,
        LOG_FILES.read(env),
        JIT.read(env),
        COMPONENT_JVM_OPTIONS.find(env).map(SupervisorSettings::words).orElse(List.of()));
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static List<String> words(String text) {
    return WHITESPACE.splitAsStream(text.strip()).filter(w -> !w.isEmpty()).toList();
  }

  /** {@link #jvmOptions} for {@code component}. */
  List<String> jvmOptions(String component) {
    return jvmOptions.stream().map(o -> o.replace("{component}", component)).toList();
  }

  /** The wait before the restart that follows {@code recentRestarts} restarts in the window. */
  Duration backoff(int recentRestarts) {
    Duration wait = firstBackoff.multipliedBy(1L << Math.min(recentRestarts, 20));
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
