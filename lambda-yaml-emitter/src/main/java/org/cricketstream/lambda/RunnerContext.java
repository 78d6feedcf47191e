package org.cricketstream.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The Context of one invocation, as Lambda gives it: a fresh request id, the function's names and
 * ARN, log group and stream named as Lambda names them, the memory limit, and a remaining time that
 * counts down from the function's timeout.
 */
final class RunnerContext implements Context {
  private final String requestId = UUID.randomUUID().toString();
  private final LocalLambdaRunner.Function function;
  private final Instant deadline;
  private final Clock clock;
  private final LambdaLogger logger;

  RunnerContext(LocalLambdaRunner.Function function, Clock clock, PrintStream out) {
    this.function = function;
    this.clock = clock;
    this.deadline = clock.instant().plus(function.timeout());
    String prefix = requestId.substring(0, 8) + " ";
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            out.println(prefix + message.stripTrailing());
          }

          @Override
          public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
          }
        };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + function.name();
  }

  @Override
  public String getLogStreamName() {
    return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
        + "/[$LATEST]"
        + requestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return function.name();
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:"
        + function.region()
        + ":"
        + function.account()
        + ":function:"
        + function.name();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return function.memoryMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
