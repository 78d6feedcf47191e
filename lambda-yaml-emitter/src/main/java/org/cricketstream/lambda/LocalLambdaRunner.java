package org.cricketstream.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays EventBridge for a scheduled Lambda: on every tick of the schedule it invokes the function
 * with the "Scheduled Event" JSON EventBridge sends, through an {@link Invoker}: a real Lambda
 * runtime ({@link RuntimeEmulator}, what {@code ./cricket lambda-runner} uses) or, where none can
 * run, the handler in this JVM ({@link DirectInvoker}). Every invocation's end is reported as
 * Lambda reports it: succeeded, failed with the handler's error, or timed out. A failed invocation
 * is not retried (Terraform sets {@code maximum_retry_attempts = 0}): the next tick starts from the
 * position the handler keeps, so it repeats a match, never skips one.
 *
 * <pre>
 * java -cp ... org.cricketstream.lambda.LocalLambdaRunner [--handler CLASS::handleRequest]
 *     [--schedule "rate(1 minute)"] [--timeout PT90S] [--invocations N] [--function-name NAME]
 * </pre>
 *
 * runs the handler in this JVM (the direct fallback), its environment (EMITTER_BUCKET,
 * AWS_ENDPOINT_URL, ...) in the runner's own.
 */
public final class LocalLambdaRunner implements AutoCloseable {
  /** The handler string of terraform/lambda.tf. */
  public static final String DEFAULT_HANDLER =
      "org.cricketstream.lambda.YamlEmitterHandler::handleRequest";

  /**
   * The function as deployed: name, timeout, memory, region and account (for the ARN).
   *
   * @param schedule how often EventBridge invokes it
   */
  public record Function(
      String name,
      ScheduleExpression schedule,
      Duration timeout,
      int memoryMb,
      String region,
      String account) {}

  private final Invoker invoker;
  private final Function function;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lambda-schedule"));
  private final ExecutorService invocations;
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final List<Invoker.Invocation> results = new ArrayList<>();
  private volatile boolean closing;

  /** Invokes {@code handler} in this JVM. */
  public LocalLambdaRunner(
      RequestHandler<ScheduledEvent, ?> handler, Function function, PrintStream out) {
    this(new DirectInvoker(handler, function, out), function, out);
  }

  /** Invokes through {@code invoker}; closing the runner closes it. */
  public LocalLambdaRunner(Invoker invoker, Function function, PrintStream out) {
    this.invoker = invoker;
    this.function = function;
    this.out = out;
    this.invocations =
        invoker.concurrent()
            ? Executors.newCachedThreadPool(r -> new Thread(r, "lambda-invocation"))
            : Executors.newSingleThreadExecutor(r -> new Thread(r, "lambda-invocation"));
  }

  /** Starts invoking on the schedule, the first invocation at once; {@code limit} 0: no limit. */
  public LocalLambdaRunner start(int limit) {
    AtomicInteger fired = new AtomicInteger();
    long period = function.schedule().period().toMillis();
    var unused =
        schedule.scheduleAtFixedRate(
            () -> {
              if (limit > 0 && fired.get() >= limit) {
                return;
              }
              Instant scheduled = clock.instant().truncatedTo(ChronoUnit.SECONDS);
              // one environment: a tick that finds one invocation running and one waiting joins
              // the waiting one (it starts from the same position in S3 either way)
              if (!invoker.concurrent() && pending.get() >= 2) {
                out.println(
                    "schedule " + scheduled + ": joins the invocation waiting for the running one");
                return;
              }
              fired.incrementAndGet();
              pending.incrementAndGet();
              invocations.execute(
                  () -> {
                    try {
                      invoke(scheduled);
                    } finally {
                      pending.decrementAndGet();
                    }
                  });
            },
            0,
            period,
            TimeUnit.MILLISECONDS);
    return this;
  }

  /** Invokes once, synchronously, with the event EventBridge would send for {@code scheduled}. */
  public Invoker.Invocation invoke(Instant scheduled) {
    Invoker.Invocation result;
    try {
      result = invoker.invoke(scheduledEvent(scheduled));
    } catch (RuntimeException e) {
      if (closing) {
        out.println("invocation for " + scheduled + " ended with the runner: " + e.getMessage());
        return new Invoker.Invocation(Invoker.Outcome.FAILED, RuntimeEmulator.errorJson(e));
      }
      result = new Invoker.Invocation(Invoker.Outcome.FAILED, RuntimeEmulator.errorJson(e));
    }
    report(scheduled, result);
    synchronized (results) {
      results.add(result);
    }
    completed.incrementAndGet();
    return result;
  }

  private void report(Instant scheduled, Invoker.Invocation result) {
    String next =
        "; not retried (maximum_retry_attempts 0): the next invocation repeats from the position";
    out.println(
        switch (result.outcome()) {
          case SUCCEEDED -> "invocation for " + scheduled + " succeeded: " + result.payload();
          case FAILED ->
              "invocation for "
                  + scheduled
                  + " FAILED, as the runtime reports it: "
                  + RuntimeEmulator.field(result.payload(), "errorType")
                  + ": "
                  + RuntimeEmulator.field(result.payload(), "errorMessage")
                  + next;
          case TIMED_OUT ->
              "invocation for "
                  + scheduled
                  + " TIMED OUT, as the runtime reports it: "
                  + result.payload()
                  + next;
        });
  }

  /** Invocations finished so far. */
  public int completed() {
    return completed.get();
  }

  /** How each finished invocation ended, in completion order. */
  public List<Invoker.Invocation> results() {
    synchronized (results) {
      return List.copyOf(results);
    }
  }

  /** The "Scheduled Event" of an EventBridge rule, as EventBridge sends it to Lambda. */
  String scheduledEvent(Instant scheduled) {
    return "{\"version\":\"0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\""
        + function.account()
        + "\",\"time\":\""
        + scheduled.truncatedTo(ChronoUnit.SECONDS)
        + "\",\"region\":\""
        + function.region()
        + "\",\"resources\":[\"arn:aws:events:"
        + function.region()
        + ":"
        + function.account()
        + ":rule/"
        + function.name()
        + "-schedule\"],\"detail\":{}}";
  }

  /**
   * Stops scheduling and closes the invoker: a runtime is stopped at once, as Lambda stops a
   * function; invocations in this JVM are waited for (up to the timeout).
   */
  @Override
  public void close() {
    closing = true;
    schedule.shutdownNow();
    invocations.shutdown();
    if (!invoker.concurrent()) {
      invoker.close();
    }
    try {
      if (!invocations.awaitTermination(function.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        invocations.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      invocations.shutdownNow();
    } finally {
      invoker.close();
    }
  }

  /** Creates the handler as Lambda does: its class by name, its no-argument constructor. */
  @SuppressWarnings("unchecked")
  public static RequestHandler<ScheduledEvent, ?> handler(String handlerString) {
    String className =
        handlerString.contains("::")
            ? handlerString.substring(0, handlerString.indexOf("::"))
            : handlerString;
    String method =
        handlerString.contains("::")
            ? handlerString.substring(handlerString.indexOf("::") + 2)
            : "handleRequest";
    if (!method.equals("handleRequest")) {
      throw new IllegalArgumentException(
          "only RequestHandler::handleRequest handlers run here: " + handlerString);
    }
    try {
      Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
      return (RequestHandler<ScheduledEvent, ?>) instance;
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("cannot create handler " + handlerString + ": " + e, e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    String handler = DEFAULT_HANDLER;
    String schedule = env.getOrDefault("EMITTER_SCHEDULE", "rate(1 minute)");
    Duration timeout = Duration.ofSeconds(90);
    int limit = 0;
    String name = "cricket-stream-yaml-emitter";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--handler" -> handler = value;
        case "--schedule" -> schedule = value;
        case "--timeout" -> timeout = Duration.parse(value);
        case "--invocations" -> limit = Integer.parseInt(value);
        case "--function-name" -> name = value;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Function function =
        new Function(
            name,
            ScheduleExpression.parse(schedule),
            timeout,
            512,
            env.getOrDefault("AWS_REGION", "us-east-1"),
            env.getOrDefault("AWS_ACCOUNT_ID", "000000000000"));
    System.out.println("invoking " + handler + " in this JVM");
    run(new DirectInvoker(handler(handler), function, System.out), function, limit, System.out);
  }

  /** Runs until {@code limit} invocations have finished (0: until the JVM stops). */
  public static void run(Invoker invoker, Function function, int limit, PrintStream out)
      throws InterruptedException {
    out.println(
        "invoking "
            + function.name()
            + " "
            + function.schedule()
            + " (timeout "
            + function.timeout()
            + ", "
            + function.memoryMb()
            + " MB)");
    CountDownLatch stopped = new CountDownLatch(1);
    LocalLambdaRunner runner = new LocalLambdaRunner(invoker, function, out);
    // Ctrl-C, SIGTERM or the supervisor gone: the runtime's processes stop with this JVM
    Thread hook =
        new Thread(
            () -> {
              runner.close();
              stopped.countDown();
            },
            "lambda-runner-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    runner.start(limit);
    while (limit == 0 || runner.completed() < limit) {
      if (stopped.await(200, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    runner.close();
  }
}
