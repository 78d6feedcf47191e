package org.cricketstream.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cricketstream.cricsheet.read.MatchFiles;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Test matches of the data, put once into the Lambda's source prefix in S3 (the Lambda drips
 * them into the notified prefix from there), and how many of them the Lambda has written so far.
 */
public final class TestStaging {
  /** How many of the Test matches staged for the Lambda it has written so far. */
  public record Progress(int staged, long written) {
    public long left() {
      return staged - written;
    }
  }

  private final AwsAccess aws;
  private final Set<String> staged = new TreeSet<>();

  TestStaging(AwsAccess aws) {
    this.aws = aws;
  }

  /**
   * Puts every Test YAML file of {@code data} under {@code sourcePrefix}, skipping those already
   * there; returns one line per file that could not be staged, naming it.
   */
  Result stage(List<Path> data, String sourcePrefix) {
    long[] put = {0};
    List<String> failures = new ArrayList<>();
    try (S3Client s3 = aws.s3()) {
      Set<String> existing = aws.keys(s3, sourcePrefix);
      MatchFiles.entries(
          data,
          entry -> {
            if (entry.kind() != MatchFiles.Kind.YAML) {
              return;
            }
            staged.add(entry.name());
            String key = sourcePrefix + entry.name();
            if (!existing.contains(key)) {
              try (InputStream in = entry.data().open()) {
                put(s3, key, in.readAllBytes());
                put[0]++;
              } catch (IOException e) {
                failures.add(entry.origin() + ": " + e.getMessage());
              }
            }
          },
          failed -> failures.add(failed.origin() + ": " + failed.error().getMessage()));
    }
    return new Result(staged.size(), put[0], failures);
  }

  /**
   * Puts one object, trying again for about 20 s when the request does not get through: the local
   * S3 dropped the connection of a PUT a few times while the stack was starting ("Error writing
   * request body to server"), after the SDK's own quick retries.
   */
  private void put(S3Client s3, String key, byte[] bytes) {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(b -> b.bucket(aws.bucket()).key(key), RequestBody.fromBytes(bytes));
        return;
      } catch (SdkClientException e) {
        if (attempt == PUT_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(2000L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static final int PUT_ATTEMPTS = 5;

  /** What {@link #stage} did: matches staged in all, put now, and files it could not stage. */
  record Result(int staged, long put, List<String> failures) {}

  /** Asks S3 which staged matches the Lambda has written. */
  Progress progress() {
    String prefix = aws.targetPrefix();
    try (S3Client s3 = aws.s3()) {
      Set<String> written = aws.keys(s3, prefix);
      return new Progress(
          staged.size(), staged.stream().filter(name -> written.contains(prefix + name)).count());
    }
  }
}
