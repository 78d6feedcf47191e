package org.cricketstream.lambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Cricsheet YAML files under a prefix of a bucket, listed in key order.
 *
 * <p>A listing answers the files asked for within {@link #REUSE} of it: at the production cadence
 * (a file every 5 s) every file is listed afresh, as a file added to the source must be seen; when
 * a replay runs flat out (several files a second) one listing serves several. S3Proxy, the local
 * S3, reads every file's metadata under the prefix for each list request, whatever its start and
 * page size, so a list per file made emitting N files cost N times N reads (about 2 of the local
 * AWS endpoint's 12-13 CPU seconds for the sample's 220 Test matches). The price: a file added to
 * the source less than {@link #REUSE} after a listing, sorting between names it listed, is passed
 * over.
 */
final class S3PrefixSource implements MatchSource {
  /** How long a listing answers for. */
  static final Duration REUSE = Duration.ofSeconds(1);

  /** The page size asked for: S3's largest. */
  private static final int PAGE = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final LongSupplier nanoTime;
  private Listing listing;

  S3PrefixSource(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, System::nanoTime);
  }

  S3PrefixSource(S3Client s3, String bucket, String prefix, LongSupplier nanoTime) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.nanoTime = nanoTime;
  }

  /**
   * The YAML files of one page listed after {@code after} (null: from the first), at {@code
   * listedAt}: every YAML file of the source between {@code after} and the page's last key.
   */
  private record Listing(String after, List<SourceMatch> matches, long listedAt) {
    Optional<SourceMatch> next(String start) {
      if (after != null && (start == null || start.compareTo(after) < 0)) {
        return Optional.empty();
      }
      return matches.stream()
          .filter(m -> start == null || m.name().compareTo(start) > 0)
          .findFirst();
    }
  }

  @Override
  public Optional<SourceMatch> next(String after) {
    String start = after == null || after.compareTo(prefix) < 0 ? null : after;
    long now = nanoTime.getAsLong();
    if (listing != null && now - listing.listedAt() < REUSE.toNanos()) {
      Optional<SourceMatch> listed = listing.next(start);
      if (listed.isPresent()) {
        return listed;
      }
    }
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
                      .maxKeys(PAGE));
      List<SourceMatch> matches = new ArrayList<>();
      for (S3Object object : page.contents()) {
        if (MatchSource.isYaml(object.key())) {
          matches.add(
              new SourceMatch(object.key(), MatchSource.fileName(object.key()), object.size()));
        }
      }
      if (!matches.isEmpty()) {
        // the pages before it held no YAML file: this one starts where the listing started
        listing = new Listing(start, List.copyOf(matches), now);
        return Optional.of(matches.get(0));
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
