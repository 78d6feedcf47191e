package org.cricketstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cricketstream.lambda.DirectInvoker;
import org.cricketstream.lambda.Invoker;
import org.cricketstream.lambda.LocalLambdaRunner;
import org.cricketstream.lambda.RuntimeEmulator;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.TerraformDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cricket lambda-runner}: the YAML emitter Lambda in a Lambda runtime, on its schedule.
 */
@Command(
    name = "lambda-runner",
    header = "Runs the YAML emitter Lambda on its schedule.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./cricket lambda-runner --invocations 1"},
    mixinStandardHelpOptions = true,
    description = {
      "Runs the built Lambda jar as AWS's Java base image does: the Runtime Interface Emulator",
      "(installed on first use into ~/.cache/cricket-stream with go install) with the runtime",
      "interface client as bootstrap, on 127.0.0.1, handler, memory and timeout from terraform/;",
      "invokes it on the schedule through the invoke API with EventBridge's Scheduled Event and",
      "reports each invocation as Lambda does (succeeded, failed, timed out). Without Go it says so",
      "and calls the handler in this JVM instead (--runtime direct does that on purpose).",
      "The function's environment: terraform/'s, with EMITTER_* and AWS_* from this command's",
      "(EMITTER_BUCKET, EMITTER_SOURCE, EMITTER_INTERVAL, EMITTER_SCHEDULE, AWS_ENDPOINT_URL_S3,",
      "AWS_REGION, credentials) and JAVA_TOOL_OPTIONS. Runner settings: CRICKET_LAMBDA_RUNTIME,",
      "CRICKET_LAMBDA_TIMEOUT, CRICKET_LAMBDA_MEMORY_MB, CRICKET_LAMBDA_FUNCTION_NAME,",
      "CRICKET_LAMBDA_JAVA_HOME."
    })
final class LambdaRunnerCommand implements Callable<Integer> {
  @Option(
      names = "--runtime",
      description = "auto (default: emulator, else direct), emulator or direct")
  String runtime;

  @Option(
      names = "--schedule",
      description = "rate() expression (default $EMITTER_SCHEDULE, else terraform/'s)")
  String schedule;

  @Option(
      names = "--timeout",
      description = "function timeout, ISO-8601 whole seconds (default terraform/'s)")
  Duration timeout;

  @Option(names = "--invocations", description = "stop after this many (default 0: never)")
  int invocations;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (runtime != null) {
      env.put("CRICKET_LAMBDA_RUNTIME", runtime);
    }
    if (schedule != null) {
      env.put("EMITTER_SCHEDULE", schedule);
    }
    if (timeout != null) {
      env.put("CRICKET_LAMBDA_TIMEOUT", timeout.toString());
    }
    Path terraform = TerraformDefinitions.projectFolder();
    AwsDefinitions tf = AwsDefinitions.of(terraform);
    LambdaRunnerSettings settings = LambdaRunnerSettings.of(tf, env);
    Map<String, String> functionEnv = LambdaRunnerSettings.functionEnvironment(tf, env);
    LocalLambdaRunner.Function function =
        new LocalLambdaRunner.Function(
            settings.functionName(),
            settings.schedule(),
            settings.timeout(),
            settings.memoryMb(),
            functionEnv.getOrDefault("AWS_REGION", AwsClients.REGION),
            env.getOrDefault("AWS_ACCOUNT_ID", AwsClients.ACCOUNT));
    Invoker invoker = invoker(settings, tf, terraform.getParent(), function, functionEnv);
    LocalLambdaRunner.run(invoker, function, invocations, System.out);
    return 0;
  }

  private static Invoker invoker(
      LambdaRunnerSettings settings,
      AwsDefinitions tf,
      Path checkout,
      LocalLambdaRunner.Function function,
      Map<String, String> functionEnv) {
    if (settings.runtime() != LambdaRunnerSettings.Where.DIRECT) {
      Optional<Path> emulator = emulator(settings, checkout);
      if (emulator.isPresent()) {
        return RuntimeEmulator.start(
            emulator.get(),
            RuntimeEmulator.Deployment.inCheckout(checkout, settings.handler(), tf.runtime()),
            function,
            functionEnv,
            settings.javaHome(),
            System.out);
      }
    }
    System.out.println("invoking " + settings.handler() + " in this JVM (no Lambda runtime)");
    return new DirectInvoker(LocalLambdaRunner.handler(settings.handler()), function, System.out);
  }

  /** The emulator, installed if needed; empty (said loudly) where AUTO cannot have it. */
  private static Optional<Path> emulator(LambdaRunnerSettings settings, Path checkout) {
    try {
      return Optional.of(RuntimeEmulator.install(checkout, System.out));
    } catch (IllegalStateException e) {
      if (settings.runtime() == LambdaRunnerSettings.Where.EMULATOR) {
        throw new IllegalStateException(
            "--runtime emulator, but the Runtime Interface Emulator cannot run: " + e.getMessage(),
            e);
      }
      String line = "!".repeat(78);
      System.out.println(line);
      System.out.println("WARNING: NO LAMBDA RUNTIME. " + e.getMessage());
      System.out.println(
          "WARNING: falling back to calling the handler in this JVM: no Runtime API, no runtime");
      System.out.println(
          "WARNING: interface client, no timeout enforced. Install Go, then "
              + RuntimeEmulator.SCRIPT
              + " install.");
      System.out.println(line);
      return Optional.empty();
    }
  }
}
