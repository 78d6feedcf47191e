package org.cricketstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.stack.LocalS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The emitter against a real S3 API (S3Proxy), time simulated so a minute takes no minute. */
class YamlEmitterIT {
  private static final String BUCKET = "emitter-it";

  @TempDir Path dir;
  private LocalS3 server;
  private S3Client s3;

  @BeforeEach
  void start() {
    server = LocalS3.start(dir.resolve("s3"));
    s3 = server.client();
    s3.createBucket(b -> b.bucket(BUCKET));
    for (int i = 1; i <= 20; i++) {
      String name = String.format("source/%04d.yaml", i);
      s3.putObject(b -> b.bucket(BUCKET).key(name), RequestBody.fromString("match " + name));
    }
    s3.putObject(b -> b.bucket(BUCKET).key("source/README.txt"), RequestBody.fromString("no"));
  }

  @AfterEach
  void stop() {
    s3.close();
    server.close();
  }

  @Test
  void oneInvocationWritesTwelveFilesFiveSecondsApartUntilTheNextScheduleIsDue() {
    FakeTime time = new FakeTime(Instant.parse("2026-01-01T12:00:00.400Z"));
    YamlEmitter emitter = emitter(time, "rate(1 minute)");
    YamlEmitter.Report report =
        emitter.run(
            Instant.parse("2026-01-01T12:00:00Z"), () -> 90_000 - time.elapsedMillis(), time::log);
    assertThat(report.written()).hasSize(12).first().isEqualTo("tests/0001.yaml");
    assertThat(report.written()).last().isEqualTo("tests/0012.yaml");
    assertThat(time.writes)
        .as("writes at the scheduled second and every 5 s after")
        .containsExactly(
            "12:00:00.400",
            "12:00:05",
            "12:00:10",
            "12:00:15",
            "12:00:20",
            "12:00:25",
            "12:00:30",
            "12:00:35",
            "12:00:40",
            "12:00:45",
            "12:00:50",
            "12:00:55");
    assertThat(text("tests/0003.yaml")).isEqualTo("match source/0003.yaml");
    // copied inside S3, as YAML, whatever type the source file had
    assertThat(contentType("tests/0003.yaml")).isEqualTo("application/yaml");
    assertThat(time.lines).contains("wrote s3://" + BUCKET + "/tests/0003.yaml (22 bytes)");
    assertThat(text("emitter/position.json")).contains("\"after\": \"source/0012.yaml\"");

    // the next invocation goes on from the position in S3, not from memory
    YamlEmitter.Report next =
        emitter(time, "rate(1 minute)").run(time.clock.instant(), () -> 90_000, m -> {});
    assertThat(next.written()).hasSize(8).first().isEqualTo("tests/0013.yaml");
    assertThat(next.stoppedBecause()).contains("every match");
    assertThat(keys("tests/")).hasSize(20);
  }

  @Test
  void slowWritesKeepTheCadenceAndTheInvocationEndsWhenTheNextIsDue() {
    FakeTime time = new FakeTime(Instant.parse("2026-01-01T12:00:00Z"));
    YamlEmitter.Report report =
        emitter(time, "rate(1 minute)")
            .run(
                time.clock.instant(),
                () -> 90_000 - time.elapsedMillis(),
                m -> {
                  time.log(m);
                  if (m.startsWith("wrote s3://")) {
                    time.sleep(Duration.ofSeconds(7)); // each write takes 7 s
                  }
                });
    assertThat(time.writes)
        .containsExactly("12:00", "12:00:10", "12:00:20", "12:00:30", "12:00:40", "12:00:50");
    assertThat(report.stoppedBecause()).contains("next invocation");
  }

  @Test
  void stopsBeforeLambdasTimeout() {
    FakeTime time = new FakeTime(Instant.parse("2026-01-01T12:00:00Z"));
    YamlEmitter.Report report =
        emitter(time, "rate(1 minute)")
            .run(time.clock.instant(), () -> 22_000 - time.elapsedMillis(), m -> {});
    assertThat(report.written()).hasSize(4); // 0, 5, 10, 15 s; at 20 s only 2 s would be left
    assertThat(report.stoppedBecause()).contains("remaining time");
  }

  @Test
  void aCrashBetweenTheFileAndThePositionRepeatsAMatchAndSkipsNone() {
    FakeTime time = new FakeTime(Instant.parse("2026-01-01T12:00:00Z"));
    EmitterSettings settings = settings("rate(1 minute)");
    // an invocation that dies after writing 0001 but before its position
    s3.putObject(
        b -> b.bucket(BUCKET).key("tests/0001.yaml"),
        RequestBody.fromString("match source/0001.yaml"));
    // an overlapping invocation read no position either: both start at 0001
    YamlEmitter first =
        new YamlEmitter(
            s3,
            MatchSource.of("s3://" + BUCKET + "/source/", s3),
            settings,
            time.clock,
            time::sleep);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      written.add(first.emitOne(m -> {}).orElseThrow());
    }
    assertThat(written).containsExactly("tests/0001.yaml", "tests/0002.yaml", "tests/0003.yaml");
    // an overlapping invocation that read the position before the others moved it writes it back:
    PositionStore position = new PositionStore(s3, BUCKET, settings.stateKey());
    position.write("source/0001.yaml", "tests/0001.yaml", time.clock.instant());
    assertThat(first.emitOne(m -> {})).contains("tests/0002.yaml"); // a repeat, not a gap
    assertThat(keys("tests/"))
        .containsExactly("tests/0001.yaml", "tests/0002.yaml", "tests/0003.yaml");
  }

  /**
   * Asked for files faster than {@link S3PrefixSource#REUSE}, as a replay flat out asks, the source
   * lists once for many files (S3Proxy reads every file's metadata for each list request); a
   * listing older than that is not trusted: a file added since is seen.
   */
  @Test
  void aListingAnswersForASecondThenTheSourceIsListedAgain() {
    List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    try (S3Client counted =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(software.amazon.awssdk.regions.Region.of(AwsClients.REGION))
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        server.keys().accessKeyId(), server.keys().secretAccessKey())))
            .forcePathStyle(true)
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              software.amazon.awssdk.core.interceptor.Context.BeforeExecution
                                  context,
                              software.amazon.awssdk.core.interceptor.ExecutionAttributes
                                  attributes) {
                            requests.add(context.request().getClass().getSimpleName());
                          }
                        }))
            .build()) {
      S3PrefixSource source = new S3PrefixSource(counted, BUCKET, "source/", nanos::get);
      List<String> names = new ArrayList<>();
      Optional<MatchSource.SourceMatch> next = source.next(null);
      while (next.isPresent()) {
        names.add(next.get().name());
        nanos.addAndGet(Duration.ofMillis(10).toNanos()); // a file every 10 ms
        next = source.next(next.get().name());
      }
      assertThat(names).hasSize(20).first().isEqualTo("source/0001.yaml");
      assertThat(names).last().isEqualTo("source/0020.yaml");
      // one listing for the twenty, one more that found nothing after the last
      assertThat(requests).containsExactly("ListObjectsV2Request", "ListObjectsV2Request");

      // a file added between two listed names: passed over while the listing answers...
      requests.clear();
      nanos.set(0); // the first listing's time
      s3.putObject(b -> b.bucket(BUCKET).key("source/0005a.yaml"), RequestBody.fromString("added"));
      assertThat(source.next("source/0005.yaml"))
          .map(MatchSource.SourceMatch::name)
          .contains("source/0006.yaml");
      // ...and seen once it is older than REUSE
      nanos.addAndGet(S3PrefixSource.REUSE.toNanos());
      assertThat(source.next("source/0005.yaml"))
          .map(MatchSource.SourceMatch::name)
          .contains("source/0005a.yaml");
      assertThat(requests).containsExactly("ListObjectsV2Request");
    }
  }

  @Test
  void aMissingPositionIsNoneAndARefusedReadIsNeverTakenForOne() {
    PositionStore position = new PositionStore(s3, BUCKET, "emitter/position.json");
    assertThat(position.read()).isEmpty();
    position.write("source/0003.yaml", "tests/0003.yaml", Instant.parse("2026-01-01T12:00:00Z"));
    assertThat(position.read()).contains("source/0003.yaml");

    // S3 refuses a client with other keys (403): the emitter fails, it does not start over
    try (S3Client stranger = AwsClients.s3(server.endpoint(), AwsClients.Keys.generate())) {
      PositionStore refused = new PositionStore(stranger, BUCKET, "emitter/position.json");
      assertThatThrownBy(refused::read)
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void packagedMatchesAreTheFilesInTheJar() {
    PackagedSource packaged = PackagedSource.load();
    assertThat(packaged.names()).contains("matches/900002.yaml");
    Optional<MatchSource.SourceMatch> first = packaged.next(null);
    assertThat(first).isPresent();
    assertThat(first.get().fileName()).isEqualTo("900002.yaml");
    packaged.write(first.get(), s3, BUCKET, "tests/900002.yaml");
    assertThat(text("tests/900002.yaml")).contains("info:");
    assertThat(first.get().size()).isEqualTo(bytes("tests/900002.yaml").length);
    assertThat(contentType("tests/900002.yaml")).isEqualTo("application/yaml");
  }

  /**
   * The Lambda's own S3 client rides out connections that drop while it sends a PUT's body, as
   * S3Proxy's did on a loaded machine: five in a row, one more than the SDK's default four attempts
   * take.
   */
  @Test
  void theLambdasS3ClientRetriesAPutWhoseConnectionsDrop() throws Exception {
    try (DroppingRelay relay = new DroppingRelay(server.endpoint().getPort(), 5)) {
      EmitterSettings settings =
          EmitterSettings.fromEnvironment(
              Map.of(
                  "EMITTER_BUCKET",
                  BUCKET,
                  "AWS_ENDPOINT_URL_S3",
                  "http://127.0.0.1:" + relay.port()));
      byte[] body = new byte[400_000];
      java.util.Arrays.fill(body, (byte) 'x');
      try (S3Client lambdaS3 =
          YamlEmitterHandler.s3Client(
              settings,
              Map.of(
                  "AWS_ACCESS_KEY_ID",
                  server.keys().accessKeyId(),
                  "AWS_SECRET_ACCESS_KEY",
                  server.keys().secretAccessKey()))) {
        lambdaS3.putObject(
            b -> b.bucket(BUCKET).key("tests/retried.yaml"), RequestBody.fromBytes(body));
      }
      assertThat(relay.dropped()).isEqualTo(5);
    }
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("tests/retried.yaml")).asByteArray())
        .hasSize(400_000);
  }

  /**
   * A TCP relay to a local port that resets its first {@code drops} connections after reading a
   * little of what the client sends, and relays the rest untouched.
   */
  private static final class DroppingRelay implements AutoCloseable {
    private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, loopback());
    private final java.util.concurrent.atomic.AtomicInteger dropped =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Thread acceptor;

    DroppingRelay(int target, int drops) throws java.io.IOException {
      acceptor =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    java.net.Socket client = listener.accept();
                    if (dropped.get() < drops) {
                      // takes the request's head, lets the body come, then drops it part way
                      readHead(client.getInputStream());
                      client.getOutputStream().write(CONTINUE);
                      client.getInputStream().readNBytes(64 * 1024);
                      client.setSoLinger(true, 0); // a reset, as a server dropping it
                      client.close();
                      dropped.incrementAndGet();
                    } else {
                      java.net.Socket upstream = new java.net.Socket(loopback(), target);
                      pipe(client, upstream);
                      pipe(upstream, client);
                    }
                  } catch (java.io.IOException e) {
                    return; // closed
                  }
                }
              },
              "dropping-relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static final byte[] CONTINUE =
        "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    int port() {
      return listener.getLocalPort();
    }

    /** Reads up to the blank line that ends a request's head. */
    private static void readHead(java.io.InputStream in) throws java.io.IOException {
      int last4 = 0;
      int b;
      while ((b = in.read()) >= 0) {
        last4 = (last4 << 8) | b;
        if (last4 == 0x0D0A0D0A) {
          return;
        }
      }
    }

    int dropped() {
      return dropped.get();
    }

    private static java.net.InetAddress loopback() {
      return java.net.InetAddress.getLoopbackAddress();
    }

    private static void pipe(java.net.Socket from, java.net.Socket to) {
      Thread copy =
          new Thread(
              () -> {
                try (var in = from.getInputStream();
                    var out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (java.io.IOException e) {
                  // the other side closed
                } finally {
                  try {
                    from.close();
                    to.close();
                  } catch (java.io.IOException ignored) {
                    // already closed
                  }
                }
              },
              "relay-pipe");
      copy.setDaemon(true);
      copy.start();
    }

    @Override
    public void close() throws java.io.IOException {
      listener.close();
    }
  }

  private YamlEmitter emitter(FakeTime time, String schedule) {
    return new YamlEmitter(
        s3,
        MatchSource.of("s3://" + BUCKET + "/source/", s3),
        settings(schedule),
        time.clock,
        time::sleep);
  }

  private EmitterSettings settings(String schedule) {
    return EmitterSettings.fromEnvironment(
        Map.of("EMITTER_BUCKET", BUCKET, "EMITTER_SCHEDULE", schedule, "EMITTER_INTERVAL", "PT5S"));
  }

  private byte[] bytes(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  private String contentType(String key) {
    return s3.headObject(b -> b.bucket(BUCKET).key(key)).contentType();
  }

  private String text(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  private List<String> keys(String prefix) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  /** A clock that moves only when the emitter sleeps; records the time of each write. */
  private final class FakeTime {
    private final Instant start;
    private Instant now;
    final List<String> writes = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    final Clock clock;

    FakeTime(Instant start) {
      this.start = start;
      this.now = start;
      FakeTime self = this;
      this.clock =
          new Clock() {
            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return self.now;
            }
          };
    }

    void sleep(Duration d) {
      now = now.plus(d);
    }

    long elapsedMillis() {
      return Duration.between(start, now).toMillis();
    }

    void log(String message) {
      lines.add(message);
      if (message.startsWith("wrote s3://")) {
        writes.add(now.atOffset(ZoneOffset.UTC).toLocalTime().toString());
      }
    }
  }
}
