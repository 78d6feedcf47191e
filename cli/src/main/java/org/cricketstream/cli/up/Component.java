package org.cricketstream.cli.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One part of the local stack, run as its own process: a {@code ./cricket} command with its
 * environment, how much heap it gets, the ports it takes and how to tell it is healthy.
 *
 * @param name short name: its log is {@code logs/<name>.log}, its pid {@code run/<name>.pid}
 * @param args the {@code ./cricket} command line; for a {@link #program}, its whole command line
 * @param env environment added to the supervisor's
 * @param heap the JVM's -Xmx; null for a {@link #program}, which sizes itself
 * @param job a job runs to its end (the replay); a service runs until stopped and is restarted when
 *     it dies or stays unhealthy
 * @param health what holds while it works: checked until {@code startTimeout} to call it ready,
 *     then all the time it runs
 * @param startTimeout how long it may take to become healthy
 * @param stopTimeout how long it gets to stop after SIGTERM before SIGKILL
 * @param ports the ports on 127.0.0.1 it listens on: each must be free before it starts
 * @param strays pid files of processes it starts that leave its process group (PostgreSQL's
 *     postmaster, which runs in a session of its own); they are stopped with it
 * @param jvm how its JVM is run besides its heap cap ({@link Jvm})
 */
public record Component(
    String name,
    List<String> args,
    Map<String, String> env,
    String heap,
    boolean job,
    Health health,
    Duration startTimeout,
    Duration stopTimeout,
    List<Integer> ports,
    List<Path> strays,
    Jvm jvm) {

  /** How the {@link Supervisor} runs a component's JVM, besides its heap cap. */
  public enum Jvm {
    /** Computes: the stack's JIT ({@code CRICKET_JIT}) and a tight heap. */
    STANDARD,
    /**
     * Computes little (it waits on sockets or on other processes): {@link
     * Supervisor#LIGHT_JVM_OPTIONS}.
     */
    LIGHT,
    /**
     * Turns over much data that lives for seconds (batches, documents): its heap is not kept tight
     * ({@link Supervisor#TIGHT_HEAP_OPTIONS}), so that data is collected young more often than by a
     * full collection of a heap held just above its live set.
     */
    CHURNING
  }

  public Component {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    ports = List.copyOf(ports);
    strays = List.copyOf(strays);
  }

  /** How long a service gets to stop after SIGTERM before SIGKILL. */
  public static final Duration SERVICE_STOP_TIMEOUT = Duration.ofSeconds(40);

  /** A service, healthy when {@code health} holds. */
  public static Component service(
      String name, List<String> args, Map<String, String> env, String heap, Health health) {
    return new Component(
        name,
        args,
        env,
        heap,
        false,
        health,
        Duration.ofMinutes(3),
        SERVICE_STOP_TIMEOUT,
        List.of(),
        List.of(),
        Jvm.STANDARD);
  }

  /**
   * A service that is a program of its own, not a {@code ./cricket} JVM: {@code command} is run as
   * it is (no wrapper JVM beside it), healthy when {@code health} holds.
   */
  public static Component program(
      String name, List<String> command, Map<String, String> env, Health health) {
    return service(name, command, env, null, health);
  }

  /** Whether this is a {@link #program} rather than a {@code ./cricket} command. */
  public boolean isProgram() {
    return heap == null;
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
        Health.alive(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        List.of(),
        List.of(),
        Jvm.STANDARD);
  }

  /** The same component, given {@code timeout} to become healthy. */
  public Component withStartTimeout(Duration timeout) {
    return new Component(
        name, args, env, heap, job, health, timeout, stopTimeout, ports, strays, jvm);
  }

  /** The same component, taking these ports on 127.0.0.1. */
  public Component listeningOn(Integer... taken) {
    return new Component(
        name, args, env, heap, job, health, startTimeout, stopTimeout, List.of(taken), strays, jvm);
  }

  /** The same component, owning the process named in {@code pidFile} (see {@link #strays}). */
  public Component owning(Path pidFile) {
    return new Component(
        name,
        args,
        env,
        heap,
        job,
        health,
        startTimeout,
        stopTimeout,
        ports,
        java.util.stream.Stream.concat(strays.stream(), java.util.stream.Stream.of(pidFile))
            .toList(),
        jvm);
  }

  /** The same component, run as a {@link Jvm#LIGHT} JVM. */
  public Component asLight() {
    return runAs(Jvm.LIGHT);
  }

  /** The same component, run as a {@link Jvm#CHURNING} JVM. */
  public Component asChurning() {
    return runAs(Jvm.CHURNING);
  }

  private Component runAs(Jvm kind) {
    return new Component(
        name, args, env, heap, job, health, startTimeout, stopTimeout, ports, strays, kind);
  }

  /** Whether it runs as a {@link Jvm#LIGHT} JVM. */
  public boolean light() {
    return jvm == Jvm.LIGHT;
  }

  /**
   * Whether a started component works, asked of the component itself (its protocol, not its log):
   * false or an exception (whose message says why) means not now. It may keep a client open between
   * checks; {@link #close} releases it.
   */
  @FunctionalInterface
  public interface Health extends AutoCloseable {
    boolean check(Child child) throws Exception;

    @Override
    default void close() {}

    /** Healthy while the process runs: for what serves nothing to ask. */
    static Health alive() {
      return Child::alive;
    }
  }
}
