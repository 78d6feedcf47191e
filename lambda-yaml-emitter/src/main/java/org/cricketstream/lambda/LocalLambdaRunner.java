package org.cricketstream.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * Runs a scheduled Lambda handler here as Lambda would, since Lambda functions cannot execute
 * inside LocalStack without Docker: the handler class is created once by its no-argument
 * constructor (Lambda's way: it reads its environment), and on every tick of the schedule it is
 * invoked on its own thread with the EventBridge "Scheduled Event" JSON, deserialized by Lambda's
 * own event serializers, and a real {@link com.amazonaws.services.lambda.runtime.Context} whose
 * remaining time counts down from the timeout. Invocations may overlap, as on Lambda.
 *
 * <pre>
 * java -cp ... org.cricketstream.lambda.LocalLambdaRunner [--handler CLASS::handleRequest]
 *     [--schedule "rate(1 minute)"] [--timeout PT90S] [--invocations N] [--function-name NAME]
 * </pre>
 *
 * With the handler's environment (EMITTER_BUCKET, AWS_ENDPOINT_URL, ...) in the runner's own.
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

  private final RequestHandler<ScheduledEvent, ?> handler;
  private final Function function;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lambda-schedule"));
  private final ExecutorService invocations =
      Executors.newCachedThreadPool(r -> new Thread(r, "lambda-invocation"));
  private final AtomicInteger completed = new AtomicInteger();
  private final List<Object> results = new ArrayList<>();

  public LocalLambdaRunner(
      RequestHandler<ScheduledEvent, ?> handler, Function function, PrintStream out) {
    this.handler = handler;
    this.function = function;
    this.out = out;
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
              fired.incrementAndGet();
              Instant scheduled = clock.instant().truncatedTo(ChronoUnit.SECONDS);
              invocations.execute(() -> invoke(scheduled));
            },
            0,
            period,
            TimeUnit.MILLISECONDS);
    return this;
  }

  /** Invokes once, synchronously, with the event EventBridge would send for {@code scheduled}. */
  public Object invoke(Instant scheduled) {
    RunnerContext context = new RunnerContext(function, clock, out);
    ScheduledEvent event = scheduledEvent(scheduled);
    context.getLogger().log("START RequestId: " + context.getAwsRequestId() + " Version: $LATEST");
    long started = System.nanoTime();
    try {
      Object result = handler.handleRequest(event, context);
      synchronized (results) {
        results.add(result);
      }
      return result;
    } catch (RuntimeException | Error e) {
      context.getLogger().log("invocation failed: " + e);
      e.printStackTrace(out);
      synchronized (results) {
        results.add(e);
      }
      return e;
    } finally {
      completed.incrementAndGet();
      context
          .getLogger()
          .log(
              "END RequestId: "
                  + context.getAwsRequestId()
                  + " Duration: "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                  + " ms");
    }
  }

  /** Invocations finished so far. */
  public int completed() {
    return completed.get();
  }

  /** What each finished invocation returned (or threw), in completion order. */
  public List<Object> results() {
    synchronized (results) {
      return List.copyOf(results);
    }
  }

  /** The "Scheduled Event" of an EventBridge rule, parsed as Lambda's Java runtime parses it. */
  ScheduledEvent scheduledEvent(Instant scheduled) {
    String json =
        "{\"version\":\"0\",\"id\":\""
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
    PojoSerializer<ScheduledEvent> serializer =
        LambdaEventSerializers.serializerFor(
            ScheduledEvent.class, ScheduledEvent.class.getClassLoader());
    return serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Stops scheduling and waits for running invocations (up to the timeout). */
  @Override
  public void close() {
    schedule.shutdownNow();
    invocations.shutdown();
    try {
      if (!invocations.awaitTermination(function.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        invocations.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      invocations.shutdownNow();
    }
  }

  /** Creates the handler as Lambda does: its class by name, its no-argument constructor. */
  @SuppressWarnings("unchecked")
  static RequestHandler<ScheduledEvent, ?> handler(String handlerString) {
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
    for (int i = 0; i + 1 < args.length || i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--handler" -> handler = value;
        case "--schedule" -> schedule = value;
        case "--timeout" -> timeout = Duration.parse(value);
        case "--invocations" -> limit = Integer.parseInt(value);
        case "--function-name" -> name = value;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    run(handler, ScheduleExpression.parse(schedule), timeout, limit, name, env, System.out);
  }

  /** Runs until {@code limit} invocations have finished (0: until the JVM stops). */
  public static void run(
      String handlerString,
      ScheduleExpression schedule,
      Duration timeout,
      int limit,
      String name,
      Map<String, String> env,
      PrintStream out)
      throws InterruptedException {
    Function function =
        new Function(
            name,
            schedule,
            timeout,
            512,
            env.getOrDefault("AWS_REGION", "us-east-1"),
            env.getOrDefault("AWS_ACCOUNT_ID", "000000000000"));
    out.println("invoking " + handlerString + " " + schedule + " (timeout " + timeout + ")");
    CountDownLatch stop = new CountDownLatch(1);
    LocalLambdaRunner runner = new LocalLambdaRunner(handler(handlerString), function, out);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "lambda-runner-stop"));
    runner.start(limit);
    while (limit == 0 || runner.completed() < limit) {
      if (stop.await(200, TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    runner.close();
  }
}
