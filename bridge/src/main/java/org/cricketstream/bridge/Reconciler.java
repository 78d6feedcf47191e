package org.cricketstream.bridge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.cricketstream.topics.S3Published;
import org.cricketstream.topics.Topics;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Compares the bucket with what reached {@code raw.s3.tests}, so no Test match depends on its S3
 * notification surviving: an object under the bridge's prefix and suffix whose key and ETag are not
 * in {@link Topics#S3_PUBLISHED} is missing. Objects younger than the grace period are left to
 * their notification, which is most likely on its way. The bridge publishes what is missing ({@link
 * Bridge#reconcile()}); {@link #missing()} alone only reads, for a status report.
 */
public final class Reconciler {

  /**
   * An object of the bucket that did not reach the raw topic.
   *
   * @param eTag as S3 lists it, without quotes
   */
  public record Missing(String bucket, String key, String eTag, long size, Instant lastModified) {}

  /** What one comparison found: the missing objects, and the index records read from raw. */
  record Comparison(
      List<Missing> missing, int checked, List<ProducerRecord<String, byte[]>> seeds) {}

  private final BridgeSettings settings;
  private final S3Client s3;
  private final PublishedIndex index;

  /** A reconciler that only reads (its {@link #missing()}): for status reports. */
  public Reconciler(BridgeSettings settings, S3Client s3) {
    this(settings, s3, new PublishedIndex(settings));
  }

  Reconciler(BridgeSettings settings, S3Client s3, PublishedIndex index) {
    this.settings = settings;
    this.s3 = s3;
    this.index = index;
  }

  /**
   * The objects of CRICKET_BRIDGE_BUCKET (under CRICKET_BRIDGE_PREFIX, ending in
   * CRICKET_BRIDGE_SUFFIX, older than CRICKET_BRIDGE_RECONCILE_GRACE) whose key and ETag are not in
   * the index, oldest first. Reads the index topic and lists the bucket; publishes nothing. Throws,
   * naming the bucket or the topic, when either cannot be read.
   */
  public List<Missing> missing() {
    return compare().missing();
  }

  Comparison compare() {
    String bucket =
        settings
            .bucket()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        BridgeSettings.BUCKET.name() + " is not set: no bucket to reconcile"));
    List<ProducerRecord<String, byte[]>> seeds;
    try {
      seeds = index.read();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read " + Topics.S3_PUBLISHED + " from " + settings.bootstrapServers() + ": " + e,
          e);
    }
    Instant cutoff = Instant.now().minus(settings.reconcileGrace());
    List<Missing> missing = new ArrayList<>();
    int checked = 0;
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(settings.prefix())).contents()) {
        if (!object.key().endsWith(settings.suffix())
            || object.lastModified() == null
            || object.lastModified().isAfter(cutoff)) {
          continue;
        }
        checked++;
        String eTag = S3Published.unquoted(object.eTag());
        if (!index.has(bucket, object.key(), eTag)) {
          missing.add(
              new Missing(
                  bucket,
                  object.key(),
                  eTag,
                  object.size() == null ? -1 : object.size(),
                  object.lastModified()));
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot list s3://" + bucket + "/" + settings.prefix() + ": " + e, e);
    }
    missing.sort(java.util.Comparator.comparing(Missing::lastModified));
    return new Comparison(List.copyOf(missing), checked, seeds);
  }
}
