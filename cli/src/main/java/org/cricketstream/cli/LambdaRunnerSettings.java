package org.cricketstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.cricketstream.config.Setting;
import org.cricketstream.lambda.EmitterSettings;
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
public record LambdaRunnerSettings(
    Where runtime,
    String handler,
    ScheduleExpression schedule,
    Duration timeout,
    int memoryMb,
    String functionName,
    Path javaHome) {

  /** Where the function runs: a real Lambda runtime, or this JVM. */
  public enum Where {
    /** The emulator, installed on first use; where it cannot be, the direct call, loudly. */
    AUTO,
    /** The Runtime Interface Emulator with the runtime interface client; fails if unavailable. */
    EMULATOR,
    /** The handler called in this JVM (no timeout enforced). */
    DIRECT;
  }

  /** Environment variables the function gets from the runner's environment, over Terraform's. */
  private static final java.util.List<String> FUNCTION_PREFIXES =
      java.util.List.of("EMITTER_", "AWS_");

  private static final java.util.regex.Pattern UNRESOLVED =
      java.util.regex.Pattern.compile("^(var|local|data|aws_[a-z0-9_]+)\\.|\\$\\{");

  public static final Setting<Where> RUNTIME =
      Setting.choice(
          "CRICKET_LAMBDA_RUNTIME",
          Where.class,
          Where.AUTO,
          "where the function runs: auto (the emulator, else direct), emulator or direct");
  static final Setting<Duration> TIMEOUT =
      Setting.duration(
              "CRICKET_LAMBDA_TIMEOUT", null, "the function's timeout (default Terraform's)")
          .check(
              t -> t.toMillis() >= 1000 && t.toMillis() % 1000 == 0 && t.toMinutes() <= 15,
              "whole seconds from 1 s to 15 minutes (Lambda's range), such as PT30S");
  static final Setting<Integer> MEMORY_MB =
      Setting.integer(
              "CRICKET_LAMBDA_MEMORY_MB", 1024, "the function's memory (default Terraform's)")
          .between(128, 10240);
  static final Setting<String> FUNCTION_NAME =
      Setting.text(
          "CRICKET_LAMBDA_FUNCTION_NAME", "cricket-stream-yaml-emitter", "the function's name");
  static final Setting<Path> JAVA_HOME =
      Setting.path(
          "CRICKET_LAMBDA_JAVA_HOME", null, "the JDK the runtime runs on (default this one)");

  /** Every setting of the runner, in the order help shows them. */
  static final java.util.List<Setting<?>> SETTINGS =
      java.util.List.of(RUNTIME, TIMEOUT, MEMORY_MB, FUNCTION_NAME, JAVA_HOME);

  static LambdaRunnerSettings of(AwsDefinitions tf, Map<String, String> env) {
    return new LambdaRunnerSettings(
        RUNTIME.read(env),
        tf.handler(),
        // the function's own setting; the runner's default is Terraform's schedule
        ScheduleExpression.parse(
            env.containsKey(EmitterSettings.SCHEDULE.name())
                ? EmitterSettings.SCHEDULE.read(env)
                : tf.scheduleExpression()),
        TIMEOUT.find(env).orElse(Duration.ofSeconds(tf.lambdaTimeoutSeconds())),
        env.containsKey(MEMORY_MB.name()) ? MEMORY_MB.read(env) : tf.lambdaMemoryMb(),
        FUNCTION_NAME.read(env),
        JAVA_HOME.find(env).orElse(Path.of(System.getProperty("java.home"))));
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
