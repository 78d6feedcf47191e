package org.cricketstream.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.cricketstream.lambda.LocalLambdaRunner;
import org.cricketstream.lambda.ScheduleExpression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./cricket lambda-runner}: the YAML emitter Lambda, run here on its schedule. */
@Command(
    name = "lambda-runner",
    mixinStandardHelpOptions = true,
    description = {
      "Invokes the Lambda handler as Lambda would (created by its no-argument constructor,",
      "EventBridge's Scheduled Event, a real Context) on its schedule, against any S3 endpoint.",
      "The function's environment is this command's: EMITTER_BUCKET (required), EMITTER_SOURCE,",
      "EMITTER_TARGET_PREFIX, EMITTER_STATE_KEY, EMITTER_INTERVAL, EMITTER_SCHEDULE,",
      "AWS_ENDPOINT_URL (e.g. http://127.0.0.1:4566), AWS_REGION, AWS credentials."
    })
final class LambdaRunnerCommand implements Callable<Integer> {
  @Option(names = "--handler", description = "handler string (default: the one in terraform/)")
  String handler = LocalLambdaRunner.DEFAULT_HANDLER;

  @Option(
      names = "--schedule",
      description = "rate() expression (default $EMITTER_SCHEDULE or rate(1 minute))")
  String schedule;

  @Option(names = "--timeout", description = "function timeout, ISO-8601 (default PT90S)")
  Duration timeout = Duration.ofSeconds(90);

  @Option(names = "--invocations", description = "stop after this many (default 0: never)")
  int invocations;

  @Option(names = "--function-name", description = "default cricket-stream-yaml-emitter")
  String functionName = "cricket-stream-yaml-emitter";

  @Override
  public Integer call() throws InterruptedException {
    String expression =
        schedule != null
            ? schedule
            : System.getenv().getOrDefault("EMITTER_SCHEDULE", "rate(1 minute)");
    LocalLambdaRunner.run(
        handler,
        ScheduleExpression.parse(expression),
        timeout,
        invocations,
        functionName,
        System.getenv(),
        System.out);
    return 0;
  }
}
