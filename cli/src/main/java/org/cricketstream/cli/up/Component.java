package org.cricketstream.cli.up;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One part of the local stack, run as its own process: a {@code ./cricket} command with its
 * environment, how much heap it gets, and how to tell it is ready.
 *
 * @param name short name: its log is {@code logs/<name>.log}, its pid {@code run/<name>.pid}
 * @param args the {@code ./cricket} command line
 * @param env environment added to the supervisor's
 * @param heap the JVM's -Xmx
 * @param job a job runs to its end (the replay); a service runs until stopped and is restarted when
 *     it dies
 * @param ready what must hold once it started, checked until {@code startTimeout}
 * @param startTimeout how long it may take to become ready
 * @param stopTimeout how long it gets to stop after SIGTERM before SIGKILL
 */
public record Component(
    String name,
    List<String> args,
    Map<String, String> env,
    String heap,
    boolean job,
    Readiness ready,
    Duration startTimeout,
    Duration stopTimeout) {

  public Component {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /** A service, ready when its log (since this start) shows {@code line}. */
  public static Component service(
      String name, List<String> args, Map<String, String> env, String heap, String line) {
    return new Component(
        name,
        args,
        env,
        heap,
        false,
        Readiness.logShows(line),
        Duration.ofMinutes(3),
        Duration.ofSeconds(40));
  }

  /** A job: ready once started; done when it exits. */
  public static Component job(
      String name, List<String> args, Map<String, String> env, String heap) {
    return new Component(
        name,
        args,
        env,
        heap,
        true,
        Readiness.started(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20));
  }

  /** The same component, ready when {@code other} holds instead. */
  public Component readyWhen(Readiness other) {
    return new Component(name, args, env, heap, job, other, startTimeout, stopTimeout);
  }

  /** The same component, given {@code timeout} to become ready. */
  public Component withStartTimeout(Duration timeout) {
    return new Component(name, args, env, heap, job, ready, timeout, stopTimeout);
  }

  /** What must hold for a started component to count as ready. */
  @FunctionalInterface
  public interface Readiness {
    boolean check(Child child) throws Exception;

    /** Ready when the component's output since this start contains {@code text}. */
    static Readiness logShows(String text) {
      return child -> child.outputSinceStart().contains(text);
    }

    /** Ready as soon as the process runs. */
    static Readiness started() {
      return child -> true;
    }
  }
}
