package org.cricketstream.lambda;

import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Cricsheet YAML files under a prefix of a bucket, listed in key order. */
final class S3PrefixSource implements MatchSource {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  S3PrefixSource(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public Optional<SourceMatch> next(String after) {
    String start = after == null || after.compareTo(prefix) < 0 ? null : after;
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b ->
                  b.bucket(bucket)
                      .prefix(prefix)
                      .startAfter(start)
                      .continuationToken(continuation)
                      .maxKeys(50));
      for (S3Object object : page.contents()) {
        if (MatchSource.isYaml(object.key())) {
          return Optional.of(
              new SourceMatch(object.key(), MatchSource.fileName(object.key()), object.size()));
        }
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return Optional.empty();
  }

  @Override
  public void write(SourceMatch match, S3Client target, String targetBucket, String key) {
    target.copyObject(
        b ->
            b.sourceBucket(bucket)
                .sourceKey(match.name())
                .destinationBucket(targetBucket)
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(CONTENT_TYPE));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
