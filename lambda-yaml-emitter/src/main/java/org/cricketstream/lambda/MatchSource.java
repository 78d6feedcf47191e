package org.cricketstream.lambda;

import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the emitter takes Cricsheet YAML matches from, in name order. Positions are names, not
 * indexes, so files added to a source later (sorting after the position) are picked up.
 */
public interface MatchSource {
  /** The first match whose name sorts after {@code after} (null: the first of all), if any. */
  Optional<SourceMatch> next(String after);

  /**
   * Writes {@code match} to {@code s3://bucket/key} as YAML. A source in S3 copies it there inside
   * S3 (CopyObject: its bytes never pass through the function); the others PUT the bytes they hold.
   */
  void write(SourceMatch match, S3Client s3, String bucket, String key);

  /**
   * A match file.
   *
   * @param name its name in the source (an S3 key, a resource path), the position once emitted
   * @param fileName the file name it is written under, e.g. {@code 1000885.yaml}
   * @param size its length in bytes
   */
  record SourceMatch(String name, String fileName, long size) {}

  /** The content type every match file is written with. */
  String CONTENT_TYPE = "application/yaml";

  /** {@code s3://bucket/prefix/}, {@code packaged} or {@code file:/folder}. */
  static MatchSource of(String spec, S3Client s3) {
    if (spec.startsWith("s3://")) {
      String rest = spec.substring("s3://".length());
      int slash = rest.indexOf('/');
      return slash < 0
          ? new S3PrefixSource(s3, rest, "")
          : new S3PrefixSource(s3, rest.substring(0, slash), rest.substring(slash + 1));
    }
    if (spec.equals("packaged")) {
      return PackagedSource.load();
    }
    if (spec.startsWith("file:")) {
      return new FolderSource(java.nio.file.Path.of(spec.substring("file:".length())));
    }
    throw new IllegalArgumentException(
        "EMITTER_SOURCE is s3://bucket/prefix/, packaged or file:/folder, not '" + spec + "'");
  }

  static String fileName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
