package org.cricketstream.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Invokes the handler in this JVM, the fallback where no Lambda runtime can run: created once by
 * its no-argument constructor (Lambda's way: it reads its environment), each event parsed by
 * Lambda's own event serializers, a real {@link com.amazonaws.services.lambda.runtime.Context}
 * whose remaining time counts down. Nothing stops a handler at its timeout here.
 */
public final class DirectInvoker implements Invoker {
  private final RequestHandler<ScheduledEvent, ?> handler;
  private final LocalLambdaRunner.Function function;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final PojoSerializer<ScheduledEvent> events =
      LambdaEventSerializers.serializerFor(
          ScheduledEvent.class, ScheduledEvent.class.getClassLoader());

  public DirectInvoker(
      RequestHandler<ScheduledEvent, ?> handler,
      LocalLambdaRunner.Function function,
      PrintStream out) {
    this.handler = handler;
    this.function = function;
    this.out = out;
  }

  @Override
  public Invocation invoke(String eventJson) {
    RunnerContext context = new RunnerContext(function, clock, out);
    ScheduledEvent event =
        events.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
    context.getLogger().log("START RequestId: " + context.getAwsRequestId() + " Version: $LATEST");
    long started = System.nanoTime();
    try {
      Object result = handler.handleRequest(event, context);
      return new Invocation(Outcome.SUCCEEDED, result == null ? "null" : "\"" + result + "\"");
    } catch (RuntimeException | Error e) {
      e.printStackTrace(out);
      return new Invocation(Outcome.FAILED, RuntimeEmulator.errorJson(e));
    } finally {
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

  @Override
  public boolean concurrent() {
    return true;
  }

  @Override
  public void close() {}
}
