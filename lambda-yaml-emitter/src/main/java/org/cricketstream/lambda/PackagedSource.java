package org.cricketstream.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cricsheet YAML files packaged with the function under {@code matches/} (the build copies them
 * from {@code -Demitter.packaged.matches=FOLDER}), in name order. Lambda runs the jar unpacked in a
 * folder; locally it may be a jar: both are read.
 */
final class PackagedSource implements MatchSource {
  static final String FOLDER = "matches/";

  private final List<String> names;

  private PackagedSource(List<String> names) {
    this.names = names;
  }

  static PackagedSource load() {
    List<String> names = new ArrayList<>();
    try {
      Path location =
          Path.of(PackagedSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path folder = location.resolve(FOLDER);
        if (Files.isDirectory(folder)) {
          try (Stream<Path> files = Files.list(folder)) {
            files
                .map(p -> FOLDER + p.getFileName())
                .filter(MatchSource::isYaml)
                .forEach(names::add);
          }
        }
      } else {
        try (ZipFile jar = new ZipFile(location.toFile())) {
          for (ZipEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(FOLDER)
                && name.indexOf('/', FOLDER.length()) < 0
                && MatchSource.isYaml(name)) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing packaged matches", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("code location is not a file", e);
    }
    Collections.sort(names);
    return new PackagedSource(List.copyOf(names));
  }

  List<String> names() {
    return names;
  }

  @Override
  public Optional<SourceMatch> next(String after) {
    for (String name : names) {
      if (after == null || name.compareTo(after) > 0) {
        return Optional.of(new SourceMatch(name, MatchSource.fileName(name), bytes(name).length));
      }
    }
    return Optional.empty();
  }

  @Override
  public void write(SourceMatch match, S3Client s3, String bucket, String key) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE),
        RequestBody.fromBytes(bytes(match.name())));
  }

  private static byte[] bytes(String name) {
    try (InputStream in = PackagedSource.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("packaged match disappeared: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading packaged " + name, e);
    }
  }

  @Override
  public String toString() {
    return "packaged (" + names.size() + " matches)";
  }
}
