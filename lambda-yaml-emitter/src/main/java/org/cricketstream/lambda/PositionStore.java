package org.cricketstream.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The emitter's position, one small JSON object in S3: the source name of the last match written.
 * It is written only after that match was written, so whatever value it holds, every match up to it
 * was written: an invocation that crashes, is retried or overlaps another repeats a match at worst,
 * never skips one.
 *
 * <p>It is read with one GET. Under least privilege (no list on the whole bucket) S3 answers a GET
 * of a missing key with 403, not 404, so a 403 is followed by a list of the exact key: the position
 * is missing when the list does not name it, and the 403 stands when it does.
 */
final class PositionStore {
  private static final Pattern AFTER =
      Pattern.compile("\"after\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final S3Client s3;
  private final String bucket;
  private final String key;

  PositionStore(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  /** The name of the last match written, or empty before the first. */
  Optional<String> read() {
    String json;
    try {
      json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || (e.statusCode() == 403 && !listed())) {
        return Optional.empty();
      }
      throw e;
    }
    Matcher m = AFTER.matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("s3://" + bucket + "/" + key + " holds no position: " + json);
    }
    return Optional.of(unescape(m.group(1)));
  }

  /** Whether a list of the position's exact key names it. */
  private boolean listed() {
    return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
        .anyMatch(o -> o.key().equals(key));
  }

  void write(String after, String written, Instant at) {
    String json =
        "{\"after\": \""
            + escape(after)
            + "\", \"written\": \""
            + escape(written)
            + "\", \"at\": \""
            + at
            + "\"}\n";
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromString(json));
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String unescape(String text) {
    return text.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
