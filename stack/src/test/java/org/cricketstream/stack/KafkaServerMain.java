package org.cricketstream.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LocalKafka} as its own process, for the local stack:
 *
 * <pre>java -cp ... org.cricketstream.stack.KafkaServerMain --data DIR [--port 9092]</pre>
 *
 * <p>Prints {@value #READY} {@code 127.0.0.1:PORT} on stdout once the broker serves requests, and
 * {@value #STOPPED} after a clean shutdown on SIGTERM or SIGINT. Logs go to stdout (slf4j-simple),
 * Kafka's own loggers at WARN; raise them with {@code -Dorg.slf4j.simpleLogger.log.kafka=info} and
 * {@code -Dorg.slf4j.simpleLogger.log.org.apache.kafka=info}.
 */
public final class KafkaServerMain {
  static {
    // before any logger exists: slf4j-simple reads its output stream once
    KafkaLogging.serverProcess();
  }

  private static final Logger LOG = LoggerFactory.getLogger(KafkaServerMain.class);

  /** The start of the line printed once the broker is ready, followed by host:port. */
  public static final String READY = "Kafka ready on ";

  /** The line printed after a clean shutdown. */
  public static final String STOPPED = "Kafka stopped";

  /** The PLAINTEXT port without {@code --port}. */
  public static final int DEFAULT_PORT = 9092;

  private static final String USAGE =
      "usage: KafkaServerMain --data DIR [--port PORT]\n"
          + "  --data DIR   data directory, formatted on first use, kept across restarts\n"
          + "  --port PORT  client (PLAINTEXT) port on 127.0.0.1, default "
          + DEFAULT_PORT
          + ", 0 for a free one";

  private KafkaServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path data = null;
    int port = DEFAULT_PORT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--data" -> data = Path.of(value(args, ++i, arg));
        case "--port" -> port = parsePort(value(args, ++i, arg));
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown argument: " + arg);
      }
    }
    if (data == null) {
      usage("--data is required");
      return;
    }

    AtomicReference<LocalKafka> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LocalKafka kafka = running.getAndSet(null);
              if (kafka != null) {
                LOG.info("shutting down {}", kafka);
                kafka.close();
                System.out.println(STOPPED);
                System.out.flush();
              }
              stopped.countDown();
            },
            "kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    LocalKafka kafka;
    try {
      kafka = LocalKafka.start(data, port);
    } catch (RuntimeException e) {
      LOG.error("Kafka did not start", e);
      Runtime.getRuntime().removeShutdownHook(hook);
      System.exit(1);
      return;
    }
    running.set(kafka);
    System.out.println(READY + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      usage(option + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage("not a port: " + text);
    return -1;
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
