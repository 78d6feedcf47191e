package org.cricketstream.topics;

import java.util.ArrayList;
import java.util.List;

/**
 * What the S3 bridge has published of one S3 object: the value of {@link Topics#S3_PUBLISHED},
 * keyed by the object key. Reconciliation compares the bucket with these records, so an object
 * whose notification was lost is published, while one already published is not published again,
 * whatever the raw topic still holds.
 *
 * @param bucket the bucket the object is in
 * @param key the object key
 * @param eTags the ETags published under this key, oldest first, without quotes; at most {@link
 *     #MAX_ETAGS}, since an object rewritten with an older content is then published once more,
 *     which the processor removes as a repeat
 * @param publishedAt when the latest was published (ms since the epoch)
 */
public record S3Published(String bucket, String key, List<String> eTags, long publishedAt) {

  /** How many ETags a record keeps per key. */
  public static final int MAX_ETAGS = 20;

  public S3Published {
    eTags = eTags == null ? List.of() : List.copyOf(eTags);
  }

  /** This record with {@code eTag} added (unquoted) as the latest. */
  public S3Published with(String eTag, long at) {
    String tag = unquoted(eTag);
    List<String> tags = new ArrayList<>(eTags);
    tags.remove(tag);
    tags.add(tag);
    while (tags.size() > MAX_ETAGS) {
      tags.remove(0);
    }
    return new S3Published(bucket, key, tags, at);
  }

  /** Whether {@code eTag} (quoted or not) was published under this key. */
  public boolean has(String eTag) {
    return eTag != null && eTags.contains(unquoted(eTag));
  }

  /** S3 quotes ETags in its API and not in its events: compare them without quotes. */
  public static String unquoted(String eTag) {
    return eTag == null ? null : eTag.replace("\"", "");
  }
}
