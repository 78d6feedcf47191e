package org.cricketstream.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3 event notifications for the embedded S3 (S3Proxy sends none): for every object stored in a
 * bucket with a queue configuration, the event message S3 itself would send, delivered to the queue
 * through the SQS API, so a consumer runs the same code as against AWS. Configuring a bucket sends
 * {@code s3:TestEvent} to each of its queues, as S3 does.
 *
 * <p>The message is S3's event structure, version 2.1: {@code Records[0]} with {@code eventName}
 * such as {@code ObjectCreated:Put}, {@code eventTime}, {@code s3.bucket.name}, and {@code
 * s3.object} with the URL-encoded {@code key}, {@code size}, {@code eTag} (no quotes) and a
 * hexadecimal {@code sequencer} that grows with every event (also across restarts). Delivery is
 * synchronous, before the PUT returns; one that fails is logged, as S3 gives no error to the writer
 * either.
 */
public final class S3Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(S3Notifications.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * One queue configuration of a bucket, as in S3's {@code QueueConfiguration}.
   *
   * @param events patterns such as {@code s3:ObjectCreated:*} or {@code s3:ObjectCreated:Put}
   * @param prefix key prefix filter, empty for none
   * @param suffix key suffix filter, empty for none
   */
  public record QueueTarget(
      String id, String queueArn, List<String> events, String prefix, String suffix) {
    public QueueTarget {
      events = List.copyOf(events);
      prefix = prefix == null ? "" : prefix;
      suffix = suffix == null ? "" : suffix;
    }

    boolean matches(String eventName, String key) {
      if (!key.startsWith(prefix) || !key.endsWith(suffix)) {
        return false;
      }
      String name = "s3:" + eventName;
      for (String pattern : events) {
        if (pattern.endsWith("*")
            ? name.startsWith(pattern.substring(0, pattern.length() - 1))
            : name.equals(pattern)) {
          return true;
        }
      }
      return false;
    }

    /** The queue's name: the last part of its ARN. */
    String queueName() {
      return queueArn.substring(queueArn.lastIndexOf(':') + 1);
    }
  }

  private final SqsClient sqs;
  private final Map<String, List<QueueTarget>> targets = new ConcurrentHashMap<>();
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

  /** Delivers through {@code sqs}, which the caller keeps open while notifications are sent. */
  public S3Notifications(SqsClient sqs) {
    this.sqs = sqs;
  }

  /** Sets a bucket's queue configurations (replacing any) and sends each queue a test event. */
  public void configure(String bucket, List<QueueTarget> queues) {
    targets.put(bucket, List.copyOf(queues));
    for (QueueTarget target : queues) {
      ObjectNode test = JSON.createObjectNode();
      test.put("Service", "Amazon S3");
      test.put("Event", "s3:TestEvent");
      test.put("Time", EVENT_TIME.format(Instant.now()));
      test.put("Bucket", bucket);
      test.put("RequestId", requestId());
      test.put("HostId", UUID.randomUUID().toString());
      send(target, test);
    }
  }

  /** The configurations of a bucket, empty if none. */
  public List<QueueTarget> configuration(String bucket) {
    return targets.getOrDefault(bucket, List.of());
  }

  /** Wraps a blob store so that every object it stores notifies the configured queues. */
  public BlobStore notifying(BlobStore store) {
    return new NotifyingBlobStore(store);
  }

  void stored(String bucket, String key, HeadObjectResponse head, String eventName) {
    for (QueueTarget target : targets.getOrDefault(bucket, List.of())) {
      if (target.matches(eventName, key)) {
        send(target, event(bucket, key, head, eventName, target.id()));
      }
    }
  }

  private ObjectNode event(
      String bucket, String key, HeadObjectResponse head, String eventName, String configId) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", AwsClients.REGION);
    record.put("eventTime", EVENT_TIME.format(Instant.now()));
    record.put("eventName", eventName);
    record.putObject("userIdentity").put("principalId", "AWS:" + AwsClients.ACCOUNT);
    record.putObject("requestParameters").put("sourceIPAddress", LocalKafka.HOST);
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", requestId());
    response.put("x-amz-id-2", UUID.randomUUID().toString());
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", configId);
    ObjectNode bucketNode = s3.putObject("bucket");
    bucketNode.put("name", bucket);
    bucketNode.putObject("ownerIdentity").put("principalId", AwsClients.ACCOUNT);
    bucketNode.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode object = s3.putObject("object");
    // S3 URL-encodes keys in events the way HTML forms do: a space is '+'
    object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    object.put("size", head.contentLength() == null ? 0L : head.contentLength());
    object.put("eTag", head.eTag() == null ? "" : head.eTag().replace("\"", ""));
    object.put("sequencer", String.format(Locale.ROOT, "%018X", sequencer.incrementAndGet()));
    ObjectNode message = JSON.createObjectNode();
    message.putArray("Records").add(record);
    return message;
  }

  private void send(QueueTarget target, ObjectNode message) {
    try {
      String body = JSON.writeValueAsString(message);
      String url =
          queueUrls.computeIfAbsent(
              target.queueArn(),
              arn -> sqs.getQueueUrl(b -> b.queueName(target.queueName())).queueUrl());
      sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.error("cannot deliver an S3 notification to {}: {}", target.queueArn(), e.toString(), e);
    }
  }

  private static String requestId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
  }

  /** Notifies after the wrapped store has stored an object, with what it stored. */
  private final class NotifyingBlobStore extends ForwardingBlobStore {
    NotifyingBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
      PutObjectResponse response = delegate().putBlob(request, content);
      created(request.bucket(), request.key(), "ObjectCreated:Put");
      return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
      CopyObjectResponse response = delegate().copyBlob(request);
      created(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy");
      return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
        MultipartUpload upload, CompleteMultipartUploadRequest request) {
      CompleteMultipartUploadResponse response =
          delegate().completeMultipartUpload(upload, request);
      created(request.bucket(), request.key(), "ObjectCreated:CompleteMultipartUpload");
      return response;
    }

    private void created(String bucket, String key, String eventName) {
      if (!targets.getOrDefault(bucket, List.of()).isEmpty()) {
        stored(bucket, key, delegate().blobMetadata(bucket, key), eventName);
      }
    }
  }
}
