package org.cricketstream.stack;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server speaking MongoDB's wire protocol (mongo-java-server) on 127.0.0.1, storing its data in
 * an H2 file so documents and the change log survive a restart, with the oplog on so collection
 * change streams work. No real MongoDB can be installed here; production points {@code MONGO_URI}
 * at a real one (Atlas). Its quirks are in PLATFORM-NOTES: change events carry no {@code ns}, so
 * the connector's pipeline adds it.
 *
 * <p>A write is acknowledged only once it is in the file ({@link DurableH2Backend}), as a real
 * MongoDB acknowledges a journaled write: H2's own background commit (every second) lost the last
 * second of acknowledged inserts to a kill -9, and the replay, which had moved past them, never
 * sent them again.
 */
public final class LocalMongo implements AutoCloseable {
  /** The H2 file in the data folder. */
  static final String FILE = "mongo.mv";

  private final MongoServer server;
  private final InetSocketAddress address;

  private LocalMongo(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /** Starts on a free port with its data in {@code dataDir}. */
  public static LocalMongo start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** Starts on the given port (0: a free one) with its data in {@code dataDir}. */
  public static LocalMongo start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MongoServer server = new MongoServer(new DurableH2Backend(dataDir.resolve(FILE)));
    server.enableOplog();
    int chosen = port > 0 ? port : LocalKafka.freePort();
    server.bind(LocalKafka.HOST, chosen);
    return new LocalMongo(server, server.getLocalAddress());
  }

  public int port() {
    return address.getPort();
  }

  /** A connection string for clients and the MongoDB Kafka connector. */
  public String uri() {
    return "mongodb://" + LocalKafka.HOST + ":" + port();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
