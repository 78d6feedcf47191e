package org.cricketstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cricketstream.lambda.ScheduleExpression;
import org.cricketstream.stack.AwsDefinitions;

/**
 * How {@code ./cricket lambda-runner} runs the function, declared in one place; every default is
 * the function as terraform/ defines it, every setting has an environment variable.
 *
 * @param runtime CRICKET_LAMBDA_RUNTIME, default {@code auto}: {@link Where}: where the function
 *     runs
 * @param handler the handler string, default Terraform's {@code handler}
 * @param schedule EMITTER_SCHEDULE, default Terraform's {@code schedule_expression}
 * @param timeout CRICKET_LAMBDA_TIMEOUT (ISO-8601, whole seconds), default Terraform's {@code
 *     timeout}
 * @param memoryMb CRICKET_LAMBDA_MEMORY_MB, default Terraform's {@code memory_size}: sizes the
 *     runtime's JVM as Lambda's Java images do
 * @param functionName CRICKET_LAMBDA_FUNCTION_NAME, default {@code cricket-stream-yaml-emitter}
 * @param javaHome CRICKET_LAMBDA_JAVA_HOME, default this JVM's: the JDK the runtime runs on
 */
record LambdaRunnerSettings(
    Where runtime,
    String handler,
    ScheduleExpression schedule,
    Duration timeout,
    int memoryMb,
    String functionName,
    Path javaHome) {

  /** Where the function runs: a real Lambda runtime, or this JVM. */
  enum Where {
    /** The emulator, installed on first use; where it cannot be, the direct call, loudly. */
    AUTO,
    /** The Runtime Interface Emulator with the runtime interface client; fails if unavailable. */
    EMULATOR,
    /** The handler called in this JVM (no timeout enforced). */
    DIRECT;

    static Where parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "CRICKET_LAMBDA_RUNTIME must be auto, emulator or direct: '" + text + "'", e);
      }
    }
  }

  /** Environment variables the function gets from the runner's environment, over Terraform's. */
  private static final java.util.List<String> FUNCTION_PREFIXES =
      java.util.List.of("EMITTER_", "AWS_");

  private static final java.util.regex.Pattern UNRESOLVED =
      java.util.regex.Pattern.compile("^(var|local|data|aws_[a-z0-9_]+)\\.|\\$\\{");

  LambdaRunnerSettings {
    if (timeout.isNegative() || timeout.toMillis() < 1000 || timeout.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "CRICKET_LAMBDA_TIMEOUT must be whole seconds, at least 1 (Lambda's unit): " + timeout);
    }
    if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new IllegalArgumentException(
          "CRICKET_LAMBDA_TIMEOUT is at most PT15M on Lambda: " + timeout);
    }
    if (memoryMb < 128 || memoryMb > 10240) {
      throw new IllegalArgumentException(
          "CRICKET_LAMBDA_MEMORY_MB must be 128..10240 (Lambda's range): " + memoryMb);
    }
  }

  static LambdaRunnerSettings of(AwsDefinitions tf, Map<String, String> env) {
    return new LambdaRunnerSettings(
        Where.parse(env.getOrDefault("CRICKET_LAMBDA_RUNTIME", "auto")),
        tf.handler(),
        ScheduleExpression.parse(env.getOrDefault("EMITTER_SCHEDULE", tf.scheduleExpression())),
        Duration.parse(
            env.getOrDefault(
                "CRICKET_LAMBDA_TIMEOUT",
                Duration.ofSeconds(tf.lambdaTimeoutSeconds()).toString())),
        Integer.parseInt(
            env.getOrDefault("CRICKET_LAMBDA_MEMORY_MB", Integer.toString(tf.lambdaMemoryMb()))),
        env.getOrDefault("CRICKET_LAMBDA_FUNCTION_NAME", "cricket-stream-yaml-emitter"),
        Path.of(env.getOrDefault("CRICKET_LAMBDA_JAVA_HOME", System.getProperty("java.home"))));
  }

  /**
   * The function's environment: Terraform's variables (those with a literal value), with EMITTER_*
   * and AWS_* (bucket, source, endpoints, credentials, region) and JAVA_TOOL_OPTIONS taken from the
   * runner's environment.
   */
  static Map<String, String> functionEnvironment(AwsDefinitions tf, Map<String, String> env) {
    Map<String, String> function = new TreeMap<>();
    // a value Terraform computes (local.match_source, a resource's name) is not known here
    tf.lambdaEnvironment()
        .forEach(
            (key, value) -> {
              if (!UNRESOLVED.matcher(value).find()) {
                function.put(key, value);
              }
            });
    env.forEach(
        (key, value) -> {
          if (FUNCTION_PREFIXES.stream().anyMatch(key::startsWith)
              || key.equals("JAVA_TOOL_OPTIONS")) {
            function.put(key, value);
          }
        });
    return function;
  }
}
