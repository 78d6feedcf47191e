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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cricketstream.topics.MatchPartitioner;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.RawMatchIds;
import org.cricketstream.topics.SchemaIdInterceptor;
import org.cricketstream.topics.TopicAdmin;
import org.cricketstream.topics.TopicRetention;
import org.cricketstream.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Moves S3 event notifications from SQS into Kafka: long-polls the queue, fetches each created
 * object and publishes it to {@code raw.s3.tests} with an idempotent producer (key: object key;
 * value: object bytes; bucket, key, ETag, sequencer and event time as headers, see {@link
 * RawFormats}), and deletes a message from the queue only after Kafka acknowledged every record it
 * led to. At least once, never lost: a bridge that dies between the ack and the delete leaves the
 * message to be delivered again, and the processor removes the repeat.
 *
 * <p>While a batch waits for Kafka (a slow or absent broker: the producer may wait minutes), a
 * heartbeat extends the visibility of the messages it holds (ChangeMessageVisibility, every third
 * of the visibility timeout), so they neither go to another receiver nor count another receive
 * towards the dead-letter queue, for up to CRICKET_BRIDGE_HOLD (the producer's delivery timeout,
 * default 15 minutes). A message that fails (not an S3 notification, an object that cannot be
 * fetched, Kafka unavailable for longer than that) is released: it comes back after the visibility
 * timeout, and after the queue's maxReceiveCount receives SQS moves it to the dead-letter queue
 * (redrive policy). {@code s3:TestEvent} and events other than ObjectCreated are deleted without
 * publishing anything.
 *
 * <p>Nothing depends on a notification surviving. On start (CRICKET_BRIDGE_REDRIVE) the bridge
 * moves the dead-letter queue's messages back to the queue ({@link Redrive}). Once Kafka
 * acknowledged an object's record, the bridge writes its key and ETag to the index topic {@link
 * Topics#S3_PUBLISHED}; on start and every CRICKET_BRIDGE_RECONCILE it compares the bucket with
 * that index and publishes every object missing from it ({@link #reconcile()}, {@link Reconciler}):
 * an object whose notification was lost (a queue that lost its messages, a notification configured
 * late) still reaches the raw topic. An object published twice (by its notification and by a
 * reconciliation) is removed as a repeat by the processor.
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

  /** Receives whose messages a loop has in hand: {@link #close} waits for these, not the rest. */
  private final AtomicInteger inHand = new AtomicInteger();

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong extended = new AtomicLong();
  private final AtomicLong reconciled = new AtomicLong();
  private final PublishedIndex index;
  private final Reconciler reconciler;

  /** Extends the visibility of held messages; its own thread, so a slow task never delays it. */
  private final ScheduledExecutorService heartbeats;

  /** Redrive and reconciliation, one after the other, beside the receive loops. */
  private final ScheduledExecutorService maintenance;

  /** The queue's visibility timeout, once read (when CRICKET_BRIDGE_VISIBILITY is not set). */
  private volatile Duration queueVisibility;

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
    this.index = new PublishedIndex(settings);
    this.reconciler = new Reconciler(settings, s3, index);
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("s3-bridge-heartbeat"));
    this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("s3-bridge-maintenance"));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
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
    // a Kafka outage shorter than this costs no receive: the heartbeat holds the messages meanwhile
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.hold().toMillis());
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(1_048_576, settings.maxObjectBytes() + 64 * 1024));
    // with a schema registry, its index records carry their schema's id
    props.putAll(SchemaIdInterceptor.producerProperties(settings.schemaRegistry()));
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts the receive loops; returns at once. */
  public Bridge start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    int loops = Math.max(1, settings.threads());
    for (int i = 0; i < loops; i++) {
      Thread thread = new Thread(this::loop, "s3-bridge-" + i);
      thread.setDaemon(true); // close() waits for what a loop has in hand, not for its receive
      thread.start();
    }
    maintenance.execute(this::ensureIndexTopic);
    if (settings.redrive() == BridgeSettings.Redrive.START) {
      maintenance.execute(this::redriveQuietly);
    }
    if (settings.reconciles()) {
      // reconcileQuietly catches everything, so the schedule never ends on an exception
      var unused =
          maintenance.scheduleWithFixedDelay(
              this::reconcileQuietly,
              0,
              settings.reconcileEvery().toMillis(),
              TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "bridge on {} to {} ({} thread(s)); {}",
        settings.queueUrl(),
        settings.bootstrapServers(),
        loops,
        settings.reconciles()
            ? "reconciling s3://"
                + settings.bucket().orElseThrow()
                + "/"
                + settings.prefix()
                + "*"
                + settings.suffix()
                + " every "
                + settings.reconcileEvery()
            : "no reconciliation (" + BridgeSettings.BUCKET.name() + " unset or period 0s)");
    return this;
  }

  /**
   * Creates the index topic as the catalogue declares it (compacted, kept), unless it exists: a
   * topic the producer's first write created would have the broker's defaults, deleting the index
   * after a week and with it what reconciliation relies on.
   */
  private void ensureIndexTopic() {
    try {
      TopicAdmin.ensure(
          settings.bootstrapServers(),
          settings.kafkaClient(),
          List.of(Topics.S3_PUBLISHED),
          TopicRetention.fromEnvironment());
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.warn(
            "cannot create {} on {} (the processor creates it too): {}",
            Topics.S3_PUBLISHED,
            settings.bootstrapServers(),
            e.toString());
      }
    }
  }

  private void redriveQuietly() {
    try {
      Redrive.Result result = Redrive.redrive(sqs, settings.queueUrl());
      LOG.info("on start: {}", result);
    } catch (RuntimeException e) {
      if (!running.get()) {
        return; // closed while it ran
      }
      LOG.warn(
          "redriving the dead-letter queue of {} on start failed: {}",
          settings.queueUrl(),
          e.toString());
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      if (!running.get()) {
        return; // closed while it ran
      }
      LOG.warn("reconciliation failed, next in {}: {}", settings.reconcileEvery(), e.toString());
    }
  }

  /**
   * Publishes every object of the bucket missing from {@code raw.s3.tests} ({@link
   * Reconciler#missing()}), waits for Kafka's acks, writes them to the index, and returns how many
   * were published. An object that cannot be fetched or published is logged with its key and left
   * for the next round. Throws when the bucket or the index cannot be read.
   */
  public int reconcile() {
    Reconciler.Comparison comparison = reconciler.compare();
    List<Future<RecordMetadata>> writes = new ArrayList<>();
    for (ProducerRecord<String, byte[]> seed : comparison.seeds()) {
      writes.add(producer.send(seed));
    }
    List<Sent> sent = new ArrayList<>();
    int failures = 0;
    for (Reconciler.Missing m : comparison.missing()) {
      S3EventMessage.ObjectEvent event =
          new S3EventMessage.ObjectEvent(
              "ObjectCreated:Reconciled",
              m.lastModified().toString(),
              m.bucket(),
              m.key(),
              m.size(),
              m.eTag(),
              null,
              null);
      try {
        sent.add(send(event));
      } catch (RuntimeException e) {
        failures++;
        LOG.warn(
            "reconciliation: s3://{}/{} (ETag {}) cannot be published, next round retries: {}",
            m.bucket(),
            m.key(),
            m.eTag(),
            e.toString());
      }
    }
    int published = 0;
    for (Sent s : sent) {
      try {
        s.ack().get();
        writes.add(producer.send(index.record(s.bucket(), s.key(), s.eTag())));
        published++;
      } catch (ExecutionException e) {
        failures++;
        LOG.warn(
            "reconciliation: s3://{}/{} was not acknowledged by Kafka, next round retries: {}",
            s.bucket(),
            s.key(),
            e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      }
    }
    awaitIndex(writes);
    reconciled.addAndGet(published);
    LOG.info(
        "reconciled {} object(s) missing from {} ({} checked in s3://{}/{}, {} failed)",
        published,
        Topics.RAW_TEST,
        comparison.checked(),
        settings.bucket().orElse("?"),
        settings.prefix(),
        failures);
    return published;
  }

  /**
   * The objects of the bucket missing from {@code raw.s3.tests} now (see {@link
   * Reconciler#missing()}), without publishing them.
   */
  public List<Reconciler.Missing> missing() {
    return reconciler.missing();
  }

  /** Waits for index writes; one that fails only means a repeat in a later reconciliation. */
  private void awaitIndex(List<Future<RecordMetadata>> writes) {
    for (Future<RecordMetadata> write : writes) {
      try {
        write.get();
      } catch (ExecutionException e) {
        LOG.warn(
            "writing to {} failed ({}): reconciliation may publish that object once more",
            Topics.S3_PUBLISHED,
            e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void loop() {
    while (running.get()) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        if (!running.get()) {
          return; // closed during the receive
        }
        LOG.warn("receiving from {} failed: {}", settings.queueUrl(), e.toString());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  /**
   * One receive (long polling) and everything it brought: publish, await the acks, delete. Returns
   * how many messages were deleted.
   */
  private int pollOnce() {
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
    inHand.incrementAndGet();
    try {
      if (!running.get()) {
        // closed during the long poll, which close() does not wait for: back to the queue now
        makeVisible(messages);
        return 0;
      }
      return handle(messages);
    } finally {
      inHand.decrementAndGet();
    }
  }

  /** Publishes the messages of one receive, awaits the acks, deletes them. */
  private int handle(List<Message> messages) {
    Held held = new Held(messages);
    try {
      List<Message> handled = new ArrayList<>();
      List<List<Sent>> acks = new ArrayList<>();
      for (Message message : messages) {
        try {
          acks.add(publish(message));
          handled.add(message);
        } catch (RuntimeException e) {
          held.release(message);
          failure(message, e);
        }
      }
      List<Message> acknowledged = new ArrayList<>();
      List<Future<RecordMetadata>> indexWrites = new ArrayList<>();
      for (int i = 0; i < handled.size(); i++) {
        try {
          for (Sent sent : acks.get(i)) {
            sent.ack().get();
          }
          acknowledged.add(handled.get(i));
          for (Sent sent : acks.get(i)) {
            indexWrites.add(producer.send(index.record(sent.bucket(), sent.key(), sent.eTag())));
          }
        } catch (ExecutionException e) {
          held.release(handled.get(i));
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
      awaitIndex(indexWrites);
      afterAck.acknowledged(acknowledged);
      held.stop();
      return delete(acknowledged);
    } finally {
      held.stop();
    }
  }

  /** Makes received messages visible on the queue again now (best effort: else at timeout). */
  private void makeVisible(List<Message> messages) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = visibility(messages, 0);
    try {
      sqs.changeMessageVisibilityBatch(b -> b.queueUrl(settings.queueUrl()).entries(entries));
    } catch (RuntimeException e) {
      LOG.info(
          "{} message(s) received while closing come back after their visibility timeout: {}",
          messages.size(),
          e.toString());
    }
  }

  /** A visibility change to {@code seconds} for each message, its index as its entry's id. */
  private static List<ChangeMessageVisibilityBatchRequestEntry> visibility(
      List<Message> messages, int seconds) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          ChangeMessageVisibilityBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(messages.get(i).receiptHandle())
              .visibilityTimeout(seconds)
              .build());
    }
    return entries;
  }

  /** A record sent for an object; {@code ack} completes on Kafka's acknowledgement. */
  record Sent(Future<RecordMetadata> ack, String bucket, String key, String eTag) {}

  /** Sends the records a message stands for; the futures complete on Kafka's acks. */
  List<Sent> publish(Message message) {
    S3EventMessage event = S3EventMessage.parse(message.body());
    List<Sent> acks = new ArrayList<>();
    if (event instanceof S3EventMessage.TestEvent test) {
      LOG.info("s3:TestEvent from bucket {}: notifications are configured", test.bucket());
      return acks;
    }
    for (S3EventMessage.ObjectEvent object : ((S3EventMessage.Records) event).events()) {
      if (!object.created()) {
        LOG.info("ignoring {} of s3://{}/{}", object.eventName(), object.bucket(), object.key());
        continue;
      }
      acks.add(send(object));
    }
    return acks;
  }

  /** Fetches an object and sends its record. */
  private Sent send(S3EventMessage.ObjectEvent object) {
    ProducerRecord<String, byte[]> record = record(object);
    Header eTag = record.headers().lastHeader(RawFormats.HEADER_ETAG);
    Sent sent =
        new Sent(
            producer.send(record),
            object.bucket(),
            object.key(),
            eTag == null ? object.eTag() : new String(eTag.value(), StandardCharsets.UTF_8));
    published.incrementAndGet();
    return sent;
  }

  /**
   * The messages of one receive while the bridge holds them: every third of the visibility timeout
   * their visibility is extended to a whole timeout again, until they are deleted or released.
   */
  private final class Held implements Runnable {
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    private final int seconds;
    private final ScheduledFuture<?> task;

    Held(List<Message> received) {
      received.forEach(m -> messages.put(m.messageId(), m));
      Duration visibility = visibility();
      this.seconds = (int) Math.max(1, visibility.toSeconds());
      long period = Math.max(200, visibility.toMillis() / 3);
      this.task = heartbeats.scheduleAtFixedRate(this, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      List<Message> held = new ArrayList<>(messages.values());
      if (held.isEmpty()) {
        return;
      }
      List<ChangeMessageVisibilityBatchRequestEntry> entries = visibility(held, seconds);
      try {
        ChangeMessageVisibilityBatchResponse response =
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(settings.queueUrl()).entries(entries));
        extended.addAndGet(response.successful().size());
        response
            .failed()
            .forEach(
                f ->
                    LOG.warn(
                        "extending the visibility of message {} on {} failed ({})",
                        held.get(Integer.parseInt(f.id())).messageId(),
                        settings.queueUrl(),
                        f.message()));
      } catch (RuntimeException e) {
        LOG.warn(
            "extending the visibility of {} message(s) on {} failed: {}",
            held.size(),
            settings.queueUrl(),
            e.toString());
      }
    }

    /** Stops extending a message: it failed, and comes back after the visibility timeout. */
    void release(Message message) {
      messages.remove(message.messageId());
    }

    void stop() {
      task.cancel(false);
    }
  }

  /** CRICKET_BRIDGE_VISIBILITY, else the queue's own visibility timeout (read once). */
  private Duration visibility() {
    if (settings.visibilityTimeout().isPresent()) {
      return settings.visibilityTimeout().get();
    }
    Duration known = queueVisibility;
    if (known == null) {
      try {
        String seconds =
            sqs.getQueueAttributes(
                    b ->
                        b.queueUrl(settings.queueUrl())
                            .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT);
        known = Duration.ofSeconds(Long.parseLong(seconds));
        queueVisibility = known;
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot read the visibility timeout of {}, assuming SQS's default 30 s: {}",
            settings.queueUrl(),
            e.toString());
        return Duration.ofSeconds(30);
      }
    }
    return known;
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
    // in its match's partition, where the processor decodes it without repartitioning it
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            Topics.RAW_TEST.name(),
            MatchPartitioner.partition(RawMatchIds.s3Object(event.key(), null), Topics.PARTITIONS),
            event.key(),
            value);
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

  /** Visibility extensions of held messages that SQS accepted, since start. */
  public long extended() {
    return extended.get();
  }

  /** Objects published by reconciliation, since start. */
  public long reconciled() {
    return reconciled.get();
  }

  /**
   * Stops receiving, finishes the batches in hand, closes the producer. Idempotent. A loop waiting
   * in a long poll with nothing in hand is not waited for (up to {@code CRICKET_BRIDGE_WAIT}): what
   * that receive still brings goes back to the queue at once, and a process that exits meanwhile
   * leaves it to come back after the visibility timeout, as after any crash.
   */
  @Override
  public void close() {
    running.set(false);
    maintenance.shutdownNow();
    long deadline = System.nanoTime() + settings.waitTime().plusSeconds(10).toNanos();
    try {
      while (inHand.get() > 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
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
