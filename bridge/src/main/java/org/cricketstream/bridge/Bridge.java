package org.cricketstream.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Moves S3 event notifications from SQS into Kafka: long-polls the queue, fetches each created
 * object and publishes it to {@code raw.s3.tests} with an idempotent producer (key: object key;
 * value: object bytes; bucket, key, ETag, sequencer and event time as headers, see {@link
 * RawFormats}), and deletes a message from the queue only after Kafka acknowledged every record it
 * led to. At least once, never lost: a bridge that dies between the ack and the delete leaves the
 * message to be delivered again, and the processor removes the repeat.
 *
 * <p>A message that fails (not an S3 notification, an object that cannot be fetched, Kafka
 * unavailable) is left on the queue: it comes back after the visibility timeout, and after the
 * queue's maxReceiveCount receives SQS moves it to the dead-letter queue (redrive policy). {@code
 * s3:TestEvent} and events other than ObjectCreated are deleted without publishing anything.
 *
 * <p>Objects larger than {@code maxObjectBytes} (default below Kafka's default message size) are
 * not read: instead a small marker record is published under the object's key, its value a YAML
 * comment saying why and its headers the usual ones plus {@value #HEADER_SIZE} and {@value
 * #HEADER_REJECTED}. The processor cannot read a match from it and dead-letters it with the key, so
 * a too-large file is visible downstream instead of blocking the queue.
 *
 * <p>Several bridges (and several threads of one) can share a queue: SQS hands each message to one
 * receiver at a time.
 */
public final class Bridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

  /** Header of a marker record: the object's size in bytes. */
  public static final String HEADER_SIZE = "s3.size";

  /** Header of a marker record: why the object itself was not published. */
  public static final String HEADER_REJECTED = "bridge.rejected";

  /** Called after Kafka acknowledged a batch's records, before the batch is deleted from SQS. */
  @FunctionalInterface
  public interface AckListener {
    void acknowledged(List<Message> messages);
  }

  private final BridgeSettings settings;
  private final SqsClient sqs;
  private final S3Client s3;
  private final Producer<String, byte[]> producer;
  private final AckListener afterAck;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public Bridge(
      BridgeSettings settings,
      SqsClient sqs,
      S3Client s3,
      Producer<String, byte[]> producer,
      AckListener afterAck) {
    this.settings = settings;
    this.sqs = sqs;
    this.s3 = s3;
    this.producer = producer;
    this.afterAck = afterAck;
  }

  /**
   * The producer the bridge publishes with: idempotent, every record acknowledged by all replicas.
   */
  public static KafkaProducer<String, byte[]> producer(BridgeSettings settings) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    settings.kafkaClient().applyTo(props);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "cricket-s3-bridge");
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(1_048_576, settings.maxObjectBytes() + 64 * 1024));
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts the receive loops; returns at once. */
  public Bridge start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    for (int i = 0; i < Math.max(1, settings.threads()); i++) {
      Thread thread = new Thread(this::loop, "s3-bridge-" + i);
      threads.add(thread);
      thread.start();
    }
    LOG.info(
        "bridge on {} to {} ({} thread(s))",
        settings.queueUrl(),
        settings.bootstrapServers(),
        threads.size());
    return this;
  }

  private void loop() {
    while (running.get()) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        LOG.warn("receiving from {} failed: {}", settings.queueUrl(), e.toString());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  /**
   * One receive (long polling) and everything it brought: publish, await the acks, delete. Returns
   * how many messages were deleted.
   */
  public int pollOnce() {
    List<Message> messages =
        sqs.receiveMessage(
                b -> {
                  b.queueUrl(settings.queueUrl())
                      .maxNumberOfMessages(10)
                      .waitTimeSeconds((int) settings.waitTime().toSeconds())
                      .messageSystemAttributeNames(
                          MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
                  settings
                      .visibilityTimeout()
                      .ifPresent(v -> b.visibilityTimeout((int) v.toSeconds()));
                })
            .messages();
    if (messages.isEmpty()) {
      return 0;
    }
    List<Message> handled = new ArrayList<>();
    List<List<Future<RecordMetadata>>> acks = new ArrayList<>();
    for (Message message : messages) {
      try {
        acks.add(publish(message));
        handled.add(message);
      } catch (RuntimeException e) {
        failure(message, e);
      }
    }
    List<Message> acknowledged = new ArrayList<>();
    for (int i = 0; i < handled.size(); i++) {
      try {
        for (Future<RecordMetadata> ack : acks.get(i)) {
          ack.get();
        }
        acknowledged.add(handled.get(i));
      } catch (ExecutionException e) {
        failure(
            handled.get(i),
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
    if (acknowledged.isEmpty()) {
      return 0;
    }
    afterAck.acknowledged(acknowledged);
    return delete(acknowledged);
  }

  /** Sends the records a message stands for; the futures complete on Kafka's acks. */
  List<Future<RecordMetadata>> publish(Message message) {
    S3EventMessage event = S3EventMessage.parse(message.body());
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    if (event instanceof S3EventMessage.TestEvent test) {
      LOG.info("s3:TestEvent from bucket {}: notifications are configured", test.bucket());
      return acks;
    }
    for (S3EventMessage.ObjectEvent object : ((S3EventMessage.Records) event).events()) {
      if (!object.created()) {
        LOG.info("ignoring {} of s3://{}/{}", object.eventName(), object.bucket(), object.key());
        continue;
      }
      acks.add(producer.send(record(object)));
      published.incrementAndGet();
    }
    return acks;
  }

  private ProducerRecord<String, byte[]> record(S3EventMessage.ObjectEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] value;
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(event.bucket()).key(event.key()).versionId(event.versionId()))) {
      GetObjectResponse object = in.response();
      long size = object.contentLength() == null ? event.size() : object.contentLength();
      header(headers, RawFormats.HEADER_BUCKET, event.bucket());
      header(headers, RawFormats.HEADER_KEY, event.key());
      header(headers, RawFormats.HEADER_ETAG, object.eTag());
      header(headers, RawFormats.HEADER_SEQUENCER, event.sequencer());
      header(headers, RawFormats.HEADER_EVENT_TIME, event.eventTime());
      if (size > settings.maxObjectBytes()) {
        in.abort();
        String why =
            "object is "
                + size
                + " bytes, over the bridge's limit of "
                + settings.maxObjectBytes()
                + " (CRICKET_BRIDGE_MAX_OBJECT_BYTES)";
        header(headers, HEADER_SIZE, Long.toString(size));
        header(headers, HEADER_REJECTED, why);
        value =
            ("# cricket-stream S3 bridge: s3://"
                    + event.bucket()
                    + "/"
                    + event.key()
                    + " was not published: "
                    + why
                    + "\n")
                .getBytes(StandardCharsets.UTF_8);
        LOG.warn("s3://{}/{}: {}; publishing a marker instead", event.bucket(), event.key(), why);
      } else {
        value = in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading s3://" + event.bucket() + "/" + event.key(), e);
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.RAW_TEST.name(), event.key(), value);
    headers.forEach(
        (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private int delete(List<Message> messages) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(messages.get(i).receiptHandle())
              .build());
    }
    DeleteMessageBatchResponse response =
        sqs.deleteMessageBatch(b -> b.queueUrl(settings.queueUrl()).entries(entries));
    response
        .failed()
        .forEach(
            f ->
                LOG.warn(
                    "deleting message {} failed ({}): it will be delivered again",
                    messages.get(Integer.parseInt(f.id())).messageId(),
                    f.message()));
    deleted.addAndGet(response.successful().size());
    return response.successful().size();
  }

  private void failure(Message message, RuntimeException e) {
    failed.incrementAndGet();
    LOG.warn(
        "message {} (receive {}) failed, left on the queue for a retry: {}",
        message.messageId(),
        message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
        e.toString());
  }

  private static void header(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  /** Records sent, messages deleted, messages failed, since start. */
  public long published() {
    return published.get();
  }

  public long deleted() {
    return deleted.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Stops receiving, finishes the batch in hand, closes the producer. Idempotent. */
  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(settings.waitTime().plusSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    producer.close(Duration.ofSeconds(30));
  }

  private static void sleep(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
