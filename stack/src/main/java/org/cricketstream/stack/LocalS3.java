package org.cricketstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API (S3Proxy) in this JVM on 127.0.0.1, storing objects as files: buckets are folders
 * of {@code dataDir}, so a restart on the same folder keeps them. Every request must be signed (AWS
 * Signature V4, or V2) with its one key pair; others are refused with 403. With {@link
 * S3Notifications} every stored object notifies the bucket's configured queues.
 */
public final class LocalS3 implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalS3.class);

  private final S3Proxy proxy;
  private final int port;
  private final Path dataDir;
  private final AwsClients.Keys keys;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalS3(S3Proxy proxy, int port, Path dataDir, AwsClients.Keys keys) {
    this.proxy = proxy;
    this.port = port;
    this.dataDir = dataDir;
    this.keys = keys;
  }

  /** Starts on a free port without notifications, with a new key pair. */
  public static LocalS3 start(Path dataDir) {
    return start(dataDir, 0, null);
  }

  /** Starts with a new key pair ({@link #keys()}). */
  public static LocalS3 start(Path dataDir, int port, S3Notifications notifications) {
    return start(dataDir, port, notifications, AwsClients.Keys.generate());
  }

  /**
   * Starts on {@code port} (0: a free one) over {@code dataDir} (created if needed), accepting
   * requests signed with {@code keys}; {@code notifications} may be null. Returns once it serves
   * requests.
   */
  public static LocalS3 start(
      Path dataDir, int port, S3Notifications notifications, AwsClients.Keys keys) {
    long started = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create S3 data directory " + dir, e);
    }
    int p = port == 0 ? LocalKafka.freePort() : port;
    BlobStore store = new FilesystemNio2BlobStore(dir.toString());
    if (notifications != null) {
      store = notifications.notifying(store);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://" + LocalKafka.HOST + ":" + p))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, keys.accessKeyId(), keys.secretAccessKey())
            // inside a Lambda runtime the SDK sends X-Amzn-Trace-Id: S3 ignores it, S3Proxy
            // answers 501 ("implies functionality that is not implemented") unless told to
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start on port " + p, e);
    }
    LOG.info(
        "S3 (S3Proxy) on http://{}:{} over {} in {} ms",
        LocalKafka.HOST,
        p,
        dir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return new LocalS3(proxy, p, dir, keys);
  }

  public URI endpoint() {
    return URI.create("http://" + LocalKafka.HOST + ":" + port);
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The key pair requests must be signed with. */
  public AwsClients.Keys keys() {
    return keys;
  }

  /** A new client for this server (path-style, its keys); the caller closes it. */
  public S3Client client() {
    return AwsClients.s3(endpoint(), keys);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping S3Proxy", e);
      }
    }
  }

  @Override
  public String toString() {
    return "LocalS3[" + endpoint() + ", " + dataDir + "]";
  }
}
