package org.cricketstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.AwsDefinitions;
import org.cricketstream.stack.AwsResources;
import org.cricketstream.stack.LocalS3;
import org.cricketstream.stack.LocalSqs;
import org.cricketstream.stack.S3Notifications;
import org.cricketstream.stack.TerraformDefinitions;
import org.cricketstream.testsupport.Fixtures;
import org.cricketstream.testsupport.RequiredTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The built Lambda jar in a real Lambda runtime: the Runtime Interface Emulator with AWS's runtime
 * interface client as bootstrap, invoked on a schedule through the invoke API with EventBridge's
 * event, writing into the embedded S3 (S3Proxy), which notifies the embedded SQS (ElasticMQ), both
 * provisioned from terraform/. The schedule and cadence are shortened (a file a second, an
 * invocation every 5 s); the code is the same. Needs the emulator ({@value RuntimeEmulator#SCRIPT}
 * install): skipped without it, failed under CI.
 */
class LambdaRuntimeIT {
  private static final int MATCHES = 12;
  private static final Pattern WROTE = Pattern.compile("wrote s3://[^/]+/tests/(\\d{4})\\.yaml");

  private static Path checkout;
  private static AwsDefinitions definitions;
  private static Path emulator;

  @TempDir Path dir;
  private LocalSqs sqsServer;
  private SqsClient sqs;
  private LocalS3 s3Server;
  private S3Client s3;
  private AwsResources.Created created;
  private final Lines output = new Lines();

  @BeforeAll
  static void emulator() {
    Path terraform = TerraformDefinitions.projectFolder();
    checkout = terraform.getParent();
    definitions = AwsDefinitions.of(terraform);
    RequiredTool.require(
        "the Runtime Interface Emulator",
        RuntimeEmulator.unavailable(checkout),
        "run " + RuntimeEmulator.SCRIPT + " install");
    emulator = RuntimeEmulator.install(checkout, System.out);
  }

  @BeforeEach
  void awsSide() throws Exception {
    sqsServer = LocalSqs.start();
    sqs = sqsServer.client();
    S3Notifications notifications = new S3Notifications(sqs);
    s3Server = LocalS3.start(dir.resolve("s3"), 0, notifications);
    s3 = s3Server.client();
    created = AwsResources.provision(definitions, s3, sqs, notifications);
    byte[] match = Files.readAllBytes(Fixtures.folder().resolve("yaml/900002.yaml"));
    for (int i = 1; i <= MATCHES; i++) {
      String key = definitions.sourcePrefix() + String.format("%04d.yaml", i);
      s3.putObject(b -> b.bucket(created.bucket()).key(key), RequestBody.fromBytes(match));
    }
  }

  @AfterEach
  void stop() {
    s3.close();
    s3Server.close();
    sqs.close();
    sqsServer.close();
  }

  @Test
  @Timeout(240)
  void theJarUnderTheRuntimeWritesAMatchEveryIntervalAndTheBucketNotifiesTheQueue()
      throws Exception {
    try (RuntimeEmulator runtime = start(10, Map.of());
        LocalLambdaRunner runner = runner(runtime, 10).start(0)) {
      awaitEveryMatch();
      // what ps shows for the Lambda: the emulator, and under it the runtime interface client
      assertThat(runtime.process().info().commandLine().orElse("")).contains("aws-lambda-rie");
      assertThat(runtime.process().descendants())
          .anySatisfy(
              p ->
                  assertThat(p.info().commandLine().orElse(""))
                      .contains(RuntimeEmulator.RUNTIME_CLIENT_MAIN)
                      .contains(definitions.handler())
                      .contains("-XX:MaxHeapSize=" + 512 * 1024 * 85 / 100 + "k")
                      // the JVM sees the function's memory, as Lambda's limit shows it, and runs
                      // C1 only, Lambda's java17 and java21 default
                      .contains("-XX:MaxRAM=" + 512 * 1024 + "k")
                      .contains("-XX:TieredStopAtLevel=1"));
      assertThat(runner.results())
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Invoker.Outcome.SUCCEEDED));
    }
    List<Write> writes = writes();
    assertThat(writes).extracting(Write::match).isSorted().doesNotHaveDuplicates();
    // every file notified the queue, as S3 does
    Map<String, Instant> notified = notifications();
    assertThat(notified.keySet()).containsAll(expectedKeys());
    // within an invocation, a file every interval (1 s) on a fixed cadence, timed by the S3 server
    // as it stores each file (the emulator's log lines reach this test up to a second late on a
    // loaded machine). A late write is followed by a shorter gap, as the next slot keeps its time,
    // so a single gap only shows order; but the next slot is chosen after a write has returned, so
    // any three files span at least one interval, however loaded the machine; the median gap shows
    // the cadence
    List<Long> gaps = new ArrayList<>();
    List<Long> pairs = new ArrayList<>();
    for (int i = 1; i < writes.size(); i++) {
      if (writes.get(i).invocation() == writes.get(i - 1).invocation()) {
        gaps.add(millisBetween(notified, writes.get(i - 1), writes.get(i)));
        if (i >= 2 && writes.get(i - 2).invocation() == writes.get(i).invocation()) {
          pairs.add(millisBetween(notified, writes.get(i - 2), writes.get(i)));
        }
      }
    }
    assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g).isBetween(0L, 2_500L));
    assertThat(pairs).isNotEmpty().allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(999L));
    List<Long> sorted = gaps.stream().sorted().toList();
    assertThat(sorted.get(sorted.size() / 2)).isBetween(800L, 1_400L);
    assertThat(output.text())
        .contains("Memory Size: 512 MB")
        .contains("START RequestId:")
        .contains("REPORT RequestId:");
  }

  private long millisBetween(Map<String, Instant> notified, Write earlier, Write later) {
    return Duration.between(notified.get(notifiedKey(earlier)), notified.get(notifiedKey(later)))
        .toMillis();
  }

  private static String notifiedKey(Write write) {
    return definitions.notificationPrefix() + String.format("%04d.yaml", write.match());
  }

  @Test
  @Timeout(300)
  void aHandlerThatThrowsIsReportedByTheRuntimeAndTheNextInvocationRepeatsItsMatch()
      throws Exception {
    try (RuntimeEmulator runtime =
            start(10, Map.of("EMITTER_CRASH_REPLAY", "0.34", "EMITTER_CRASH_MODE", "exception"));
        LocalLambdaRunner runner = runner(runtime, 10).start(0)) {
      awaitEveryMatch();
      assertThat(runner.results())
          .filteredOn(r -> r.outcome() == Invoker.Outcome.FAILED)
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.payload())
                      .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                      .contains("crash replay: position not saved")
                      // the runtime interface client's error document
                      .contains("\"stackTrace\""));
    }
    assertThat(output.text()).contains("FAILED, as the runtime reports it");
    assertRepeatedNeverSkipped();
  }

  @Test
  @Timeout(300)
  void aHandlerPastItsTimeoutIsStoppedByTheRuntimeAndTheNextInvocationRepeatsItsMatch()
      throws Exception {
    try (RuntimeEmulator runtime =
            start(8, Map.of("EMITTER_CRASH_REPLAY", "0.34", "EMITTER_CRASH_MODE", "timeout"));
        LocalLambdaRunner runner = runner(runtime, 8).start(0)) {
      awaitEveryMatch();
      assertThat(runner.results())
          .filteredOn(r -> r.outcome() == Invoker.Outcome.TIMED_OUT)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.payload()).isEqualTo("Task timed out after 8.00 seconds"));
    }
    // the runtime was killed and a fresh one started for the next invocation
    assertThat(count(output.text(), "INIT START")).isGreaterThanOrEqualTo(2);
    assertThat(output.text()).contains("TIMED OUT, as the runtime reports it");
    assertRepeatedNeverSkipped();
  }

  private RuntimeEmulator start(int timeoutSeconds, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(definitions.lambdaEnvironment());
    env.put("EMITTER_BUCKET", created.bucket());
    env.put("EMITTER_SOURCE", "s3://" + created.bucket() + "/" + definitions.sourcePrefix());
    env.put("EMITTER_INTERVAL", "PT1S");
    env.put("EMITTER_SCHEDULE", "rate(5 seconds)");
    env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
    env.putAll(s3Server.keys().environment());
    env.putAll(extra);
    return RuntimeEmulator.start(
        emulator,
        RuntimeEmulator.Deployment.inCheckout(
            checkout, definitions.handler(), definitions.runtime()),
        function(timeoutSeconds),
        env,
        Path.of(System.getProperty("java.home")),
        output.stream());
  }

  private LocalLambdaRunner runner(RuntimeEmulator runtime, int timeoutSeconds) {
    return new LocalLambdaRunner(runtime, function(timeoutSeconds), output.stream());
  }

  private static LocalLambdaRunner.Function function(int timeoutSeconds) {
    return new LocalLambdaRunner.Function(
        "cricket-stream-yaml-emitter",
        ScheduleExpression.parse("rate(5 seconds)"),
        Duration.ofSeconds(timeoutSeconds),
        definitions.lambdaMemoryMb(),
        AwsClients.REGION,
        AwsClients.ACCOUNT);
  }

  private void awaitEveryMatch() {
    String last = definitions.sourcePrefix() + String.format("%04d.yaml", MATCHES);
    try {
      Awaitility.await("every match written")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> position().contains("\"after\": \"" + last + "\""));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not every match written; output:\n" + output.text(), e);
    }
  }

  /** Every match is in S3, and the writes went forward one match at a time or repeated one. */
  private void assertRepeatedNeverSkipped() {
    List<Integer> matches = writes().stream().map(Write::match).toList();
    assertThat(matches).as("some match was written twice").hasSizeGreaterThan(MATCHES);
    int highest = 0;
    for (int match : matches) {
      assertThat(match).as("after %d in %s", highest, matches).isIn(highest, highest + 1);
      highest = Math.max(highest, match);
    }
    assertThat(highest).isEqualTo(MATCHES);
    assertThat(keys()).containsAll(expectedKeys());
  }

  private List<String> expectedKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= MATCHES; i++) {
      keys.add(definitions.notificationPrefix() + String.format("%04d.yaml", i));
    }
    return keys;
  }

  private String position() {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(created.bucket()).key(definitions.stateKey()))
          .asString(StandardCharsets.UTF_8);
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return "";
    }
  }

  private List<String> keys() {
    return s3
        .listObjectsV2(b -> b.bucket(created.bucket()).prefix(definitions.notificationPrefix()))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  /** Each notified key with its event time: when the S3 server stored the file. */
  private Map<String, Instant> notifications() throws Exception {
    Map<String, Instant> notified = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (int empty = 0; empty < 2; ) {
      var messages =
          sqs.receiveMessage(b -> b.queueUrl(created.queueUrl()).maxNumberOfMessages(10))
              .messages();
      empty = messages.isEmpty() ? empty + 1 : 0;
      for (var message : messages) {
        for (JsonNode record : json.readTree(message.body()).path("Records")) {
          notified.put(
              record.path("s3").path("object").path("key").asText(),
              Instant.parse(record.path("eventTime").asText()));
        }
      }
    }
    return notified;
  }

  /** A file the handler wrote, from its log line: which match, in which invocation. */
  private record Write(int match, int invocation) {}

  private List<Write> writes() {
    List<Write> writes = new ArrayList<>();
    int invocation = 0;
    for (String line : output.lines()) {
      if (line.startsWith("START RequestId:")) {
        invocation++;
      }
      Matcher m = WROTE.matcher(line);
      if (m.find()) {
        writes.add(new Write(Integer.parseInt(m.group(1)), invocation));
      }
    }
    return writes;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  /** A PrintStream that keeps each line, and echoes it. */
  private static final class Lines {
    private final List<String> lines = new ArrayList<>();
    private final PrintStream stream =
        new PrintStream(
            new OutputStream() {
              private final ByteArrayOutputStream line = new ByteArrayOutputStream();

              @Override
              public void write(int b) {
                synchronized (lines) {
                  if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    lines.add(text);
                    System.out.println(text);
                    line.reset();
                  } else {
                    line.write(b);
                  }
                }
              }
            },
            true,
            StandardCharsets.UTF_8);

    PrintStream stream() {
      return stream;
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    String text() {
      StringBuilder b = new StringBuilder();
      lines().forEach(l -> b.append(l).append('\n'));
      return b.toString();
    }
  }
}
