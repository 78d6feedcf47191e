package org.cricketstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.testsupport.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code terraform/*.tf} file parses (hcl4j) and its references hold: what Terraform would
 * only find out at plan or apply time (no provider can be downloaded here) is checked against the
 * files and the build. Runs after {@code package}: the Lambda jar must exist.
 */
class TerraformDefinitionsIT {
  private static TerraformDefinitions tf;
  private static Path folder;

  @BeforeAll
  static void read() {
    folder = TerraformDefinitions.projectFolder();
    tf = TerraformDefinitions.read(folder);
  }

  @Test
  void everyFileParses() {
    assertThat(tf.sources().keySet())
        .contains(
            "versions.tf",
            "provider.tf",
            "variables.tf",
            "s3.tf",
            "sqs.tf",
            "lambda.tf",
            "schedule.tf",
            "outputs.tf");
    try (var files = Files.list(folder)) {
      assertThat(files.filter(f -> f.toString().endsWith(".tf")).count())
          .isEqualTo(tf.sources().size());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theHandlerNamedInTerraformIsARequestHandlerInTheBuiltJar() throws Exception {
    AwsDefinitions aws = AwsDefinitions.of(tf);
    assertThat(aws.handler()).endsWith("::handleRequest");
    Path jar = lambdaJar();
    String entry = aws.handlerClass().replace('.', '/') + ".class";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.getEntry(entry)).as("%s in %s", entry, jar).isNotNull();
      assertThat(zip.getEntry("com/amazonaws/services/lambda/runtime/events/ScheduledEvent.class"))
          .isNotNull();
      assertThat(zip.getEntry("software/amazon/awssdk/services/s3/S3Client.class")).isNotNull();
    }
    // loaded from the jar alone, as Lambda loads it
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> handler = Class.forName(aws.handlerClass(), false, loader);
      Class<?> requestHandler = Class.forName(RequestHandler.class.getName(), false, loader);
      assertThat(requestHandler.isAssignableFrom(handler)).isTrue();
      assertThat(handler.getConstructor()).isNotNull();
    }
    assertThat(aws.handlerClass()).isEqualTo(YamlEmitterHandler.class.getName());
    assertThat(LocalLambdaRunner.DEFAULT_HANDLER).isEqualTo(aws.handler());
    assertThat(aws.runtime()).isIn("java17", "java21");
  }

  @Test
  void theJarPathIsTheBuildOutputAndItsHashIsTheSourceCodeHash() {
    String filename = tf.text("aws_lambda_function", "emitter", "filename");
    assertThat(filename).isEqualTo("local.lambda_jar");
    String local = String.valueOf(tf.local("lambda_jar"));
    assertThat(local).startsWith("path.module/");
    Path resolved = folder.resolve(local.substring("path.module/".length())).normalize();
    assertThat(resolved).isEqualTo(lambdaJar());
    assertThat(tf.blockSource("resource", "aws_lambda_function", "emitter"))
        .containsPattern("filename\\s*=\\s*local\\.lambda_jar")
        .containsPattern("source_code_hash\\s*=\\s*filebase64sha256\\(local\\.lambda_jar\\)");
  }

  @Test
  void theNotificationTargetsTheQueueAndThePolicyNamesThisBucket() {
    Map<String, Object> notification = tf.resource("aws_s3_bucket_notification", "tests");
    assertThat(String.valueOf(notification.get("bucket"))).isEqualTo("aws_s3_bucket.tests.id");
    Map<?, ?> queue = (Map<?, ?>) TerraformDefinitions.list(notification.get("queue")).get(0);
    assertThat(String.valueOf(queue.get("queue_arn"))).isEqualTo("aws_sqs_queue.events.arn");
    assertThat(tf.blockSource("resource", "aws_s3_bucket_notification", "tests"))
        .contains("depends_on = [aws_sqs_queue_policy.events]");

    Map<String, Object> queuePolicy = tf.resource("aws_sqs_queue_policy", "events");
    assertThat(String.valueOf(queuePolicy.get("queue_url"))).isEqualTo("aws_sqs_queue.events.id");
    assertThat(String.valueOf(queuePolicy.get("policy")))
        .isEqualTo("data.aws_iam_policy_document.events_queue.json");
    String document = tf.blockSource("data", "aws_iam_policy_document", "events_queue");
    assertThat(document)
        .contains("\"sqs:SendMessage\"")
        .contains("resources = [aws_sqs_queue.events.arn]")
        .contains("identifiers = [\"s3.amazonaws.com\"]")
        .containsPattern(
            "variable\\s*=\\s*\"aws:SourceArn\"\\s*\\n\\s*values\\s*=\\s*\\[aws_s3_bucket\\.tests\\.arn\\]");

    AwsDefinitions aws = AwsDefinitions.of(tf);
    assertThat(aws.notificationEvents()).containsExactly("s3:ObjectCreated:*");
    assertThat(aws.notificationPrefix())
        .isEqualTo(aws.lambdaEnvironment().get("EMITTER_TARGET_PREFIX"));
    assertThat(aws.lambdaEnvironment().get("EMITTER_BUCKET")).isEqualTo(aws.bucket());
    assertThat(aws.maxReceiveCount()).isPositive();
    assertThat(tf.text("aws_sqs_queue", "events", "redrive_policy"))
        .contains("\"deadLetterTargetArn\":\"aws_sqs_queue.events_dlq.arn\"");
  }

  @Test
  void everyReferenceIsDeclared() {
    assertThat(tf.references("var")).isNotEmpty().isSubsetOf(tf.variables().keySet());
    assertThat(tf.references("local")).isNotEmpty().isSubsetOf(tf.locals());
    assertThat(tf.references("data")).isNotEmpty().isSubsetOf(tf.dataSources());
    assertThat(tf.references("resource")).isNotEmpty().isSubsetOf(tf.resources());
  }

  @Test
  void providerPinnedIamFromPolicyDocumentsScheduleEveryMinute() {
    assertThat(tf.sources().get("versions.tf"))
        .containsPattern("version\\s*=\\s*\"= \\d+\\.\\d+\\.\\d+\"");
    for (var source : tf.sources().entrySet()) {
      assertThat(source.getValue())
          .as("%s: no JSON heredoc policies", source.getKey())
          .doesNotContain("<<");
    }
    assertThat(String.valueOf(tf.resource("aws_iam_role", "emitter").get("assume_role_policy")))
        .isEqualTo("data.aws_iam_policy_document.emitter_assume.json");
    assertThat(String.valueOf(tf.resource("aws_iam_role_policy", "emitter").get("policy")))
        .isEqualTo("data.aws_iam_policy_document.emitter.json");
    assertThat(tf.text("aws_cloudwatch_event_rule", "emitter", "schedule_expression"))
        .isEqualTo("rate(1 minute)");
    assertThat(String.valueOf(tf.resource("aws_cloudwatch_event_target", "emitter").get("arn")))
        .isEqualTo("aws_lambda_function.emitter.arn");
    assertThat(String.valueOf(tf.resource("aws_lambda_permission", "schedule").get("source_arn")))
        .isEqualTo("aws_cloudwatch_event_rule.emitter.arn");
    // an invocation runs a whole period: the timeout must leave it room
    assertThat(Integer.parseInt(tf.text("aws_lambda_function", "emitter", "timeout")))
        .isGreaterThan(
            (int)
                ScheduleExpression.parse(tf.variable("schedule_expression")).period().toSeconds());
  }

  @Test
  void terraformFmtAgreesWhereTerraformIsInstalled() throws Exception {
    String terraform = findOnPath("terraform");
    RequiredTool.require(
        "terraform",
        terraform == null ? Optional.of("no terraform binary on PATH") : Optional.empty(),
        "install Terraform 1.5 or newer");
    Process fmt =
        new ProcessBuilder(terraform, "fmt", "-check", "-diff", folder.toString())
            .redirectErrorStream(true)
            .start();
    String out =
        new String(fmt.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(fmt.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(fmt.exitValue()).as("terraform fmt -check: %s", out).isZero();
  }

  @Test
  void theBucketIsVersionedAndRefusesPlainHttp() {
    assertThat(tf.blockSource("resource", "aws_s3_bucket_versioning", "tests"))
        .contains("bucket = aws_s3_bucket.tests.id")
        .containsPattern("status\\s*=\\s*\"Enabled\"");
    assertThat(tf.blockSource("resource", "aws_s3_bucket_lifecycle_configuration", "tests"))
        .contains("noncurrent_version_expiration");
    assertThat(String.valueOf(tf.resource("aws_s3_bucket_policy", "tests").get("policy")))
        .isEqualTo("data.aws_iam_policy_document.tests_bucket.json");
    assertThat(tf.blockSource("data", "aws_iam_policy_document", "tests_bucket"))
        .containsPattern("effect\\s*=\\s*\"Deny\"")
        .contains("\"aws:SecureTransport\"")
        .contains("values   = [\"false\"]")
        .contains("resources = [aws_s3_bucket.tests.arn, \"${aws_s3_bucket.tests.arn}/*\"]");
  }

  @Test
  void checkovFindsNothingAndEverySkipSaysWhy() throws Exception {
    Pattern skip = Pattern.compile("#checkov:skip=([A-Z0-9_]+)(:?)(.*)");
    for (var source : tf.sources().entrySet()) {
      Matcher m = skip.matcher(source.getValue());
      while (m.find()) {
        assertThat(m.group(2) + m.group(3).strip())
            .as("%s: skip of %s gives a reason", source.getKey(), m.group(1))
            .startsWith(":")
            .hasSizeGreaterThan(20);
      }
    }
    Path script = folder.resolve("checkov.sh");
    Process venv = new ProcessBuilder("bash", script.toString(), "venv").start();
    String missing = new String(venv.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    RequiredTool.require(
        "checkov",
        venv.waitFor() == 0 ? Optional.empty() : Optional.of(missing.strip()),
        "run terraform/checkov.sh install");
    Process scan =
        new ProcessBuilder("bash", script.toString(), "scan").redirectErrorStream(true).start();
    String out = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(scan.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(out).as(out).contains("Failed checks: 0");
    assertThat(scan.exitValue()).as(out).isZero();
  }

  private static Path lambdaJar() {
    Path jar =
        folder.resolve("../lambda-yaml-emitter/target/lambda-yaml-emitter-lambda.jar").normalize();
    assertThat(jar).as("the Lambda jar (mvn package)").isRegularFile();
    return jar;
  }

  private static String findOnPath(String name) {
    for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
