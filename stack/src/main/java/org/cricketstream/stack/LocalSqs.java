package org.cricketstream.stack;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real SQS API (ElasticMQ) in this JVM on 127.0.0.1: long polling, visibility timeouts,
 * redelivery, message deletion and redrive to a dead-letter queue behave as on AWS. Queue URLs name
 * this server; ARNs use {@link AwsClients#REGION} and {@link AwsClients#ACCOUNT}. Queues and
 * messages live in memory: a restart starts empty.
 */
public final class LocalSqs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

  private final SQSRestServer server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalSqs(SQSRestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on a free port. */
  public static LocalSqs start() {
    return start(0);
  }

  /** Starts on {@code port} (0: a free one) and returns once it serves requests. */
  public static LocalSqs start(int port) {
    long started = System.nanoTime();
    int p = port == 0 ? LocalKafka.freePort() : port;
    SQSRestServer server =
        SQSRestServerBuilder.withInterface(LocalKafka.HOST)
            .withPort(p)
            .withServerAddress(NodeAddress.apply("http", LocalKafka.HOST, p, ""))
            .withAWSRegion(AwsClients.REGION)
            .withAWSAccountId(AwsClients.ACCOUNT)
            .start();
    server.waitUntilStarted();
    LOG.info(
        "SQS (ElasticMQ) on {} in {} ms",
        "http://" + LocalKafka.HOST + ":" + p,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return new LocalSqs(server, p);
  }

  public URI endpoint() {
    return URI.create("http://" + LocalKafka.HOST + ":" + port);
  }

  public int port() {
    return port;
  }

  /** A new client for this server; the caller closes it. */
  public SqsClient client() {
    return AwsClients.sqs(endpoint());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stopAndWait();
    }
  }

  @Override
  public String toString() {
    return "LocalSqs[" + endpoint() + "]";
  }
}
