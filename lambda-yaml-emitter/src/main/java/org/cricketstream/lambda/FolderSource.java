package org.cricketstream.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Cricsheet YAML files in a folder (for the local runner), in name order. */
final class FolderSource implements MatchSource {
  private final Path folder;

  FolderSource(Path folder) {
    this.folder = folder;
  }

  @Override
  public Optional<SourceMatch> next(String after) {
    try (Stream<Path> files = Files.list(folder)) {
      Optional<Path> next =
          files
              .map(p -> p.getFileName().toString())
              .filter(MatchSource::isYaml)
              .filter(name -> after == null || name.compareTo(after) > 0)
              .sorted()
              .findFirst()
              .map(folder::resolve);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      String name = next.get().getFileName().toString();
      return Optional.of(new SourceMatch(name, name, Files.size(next.get())));
    } catch (IOException e) {
      throw new UncheckedIOException("reading matches in " + folder, e);
    }
  }

  @Override
  public void write(SourceMatch match, S3Client s3, String bucket, String key) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE),
        RequestBody.fromFile(folder.resolve(match.name())));
  }

  @Override
  public String toString() {
    return "file:" + folder;
  }
}
