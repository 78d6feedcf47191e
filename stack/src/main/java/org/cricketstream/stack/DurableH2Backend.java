package org.cricketstream.stack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend made durable to the process being killed, as a journaled MongoDB
 * is: a write is answered only once it is committed to the file, and nothing else is ever
 * committed. The plain backend lets H2's background writer commit about once a second, at any
 * moment: a kill -9 lost the last second of acknowledged inserts, and a commit in the middle of an
 * insert kept the document without its oplog entry, so the change stream never saw it. Here H2's
 * auto-commit is off and each write command runs and commits under one lock, so every commit is of
 * whole commands. Written to the file, which outlives the process; not forced to the disk, so not
 * durable to an operating-system crash.
 *
 * <p>A count of a whole collection ({@code countDocuments()} with no filter) is answered from the
 * collection's size, as MongoDB answers it from the {@code _id} index without reading a document.
 * mongo-java-server ran the driver's pipeline as given: it read and decoded every document and held
 * them all until the {@code $group} had counted them. The stack counts the T20I collection against
 * the warehouse while it runs ({@code status}, the idle check): each count took 1.3 s and left
 * mongo's heap 100-130 MB larger with the sample's 300 documents.
 */
final class DurableH2Backend extends H2Backend {
  /** The commands that change data; anything else only reads. */
  private static final Set<String> WRITES =
      Set.of(
          "insert",
          "update",
          "delete",
          "findandmodify",
          "create",
          "drop",
          "dropdatabase",
          "createindexes",
          "dropindexes",
          "renamecollection");

  /**
   * The longest an empty getMore on a change stream waits here for a change. MongoDB waits the
   * client's {@code maxAwaitTimeMS} (the MongoDB connector's {@code poll.await.time.ms}); this
   * server answers every connection on a few shared threads, so a longer wait would hold up the
   * other connections of its thread, a write among them.
   */
  static final Duration MAX_AWAIT = Duration.ofMillis(100);

  private final ReentrantLock writing = new ReentrantLock();
  private final Object changes = new Object();
  private long writes; // guarded by changes: write commands committed so far

  private final MVStore store;

  DurableH2Backend(Path file) {
    this(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
  }

  private DurableH2Backend(MVStore store) {
    super(store);
    this.store = store;
  }

  /**
   * The oplog of change streams, read from a cursor's position on ({@link TimestampedOplog}), not
   * mongo-java-server's, which reads all of it for every getMore. Its entries copied from an older
   * store are committed at once.
   */
  @Override
  protected Oplog createOplog() {
    Oplog oplog = new TimestampedOplog(this, store, getCursorRegistry());
    commit();
    return oplog;
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (command.equalsIgnoreCase("aggregate")) {
      Optional<Document> counted = wholeCount(databaseName, query);
      if (counted.isPresent()) {
        return counted.get();
      }
    }
    if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
      return super.handleCommand(channel, databaseName, command, query);
    }
    writing.lock();
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      // also after a failed command: an insert of many may have stopped half way
      commit();
      writing.unlock();
      synchronized (changes) {
        writes++;
        changes.notifyAll();
      }
    }
  }

  /**
   * A getMore on a change stream (a cursor that stays open) with nothing new waits, as MongoDB's
   * does, until a write is committed or {@link #MAX_AWAIT} (or the client's {@code maxTimeMS}, if
   * shorter) has passed. mongo-java-server answers at once, so the MongoDB connector, which leaves
   * the waiting to the server, asked again and again while idle: about a core of CPU between it and
   * this server, for nothing.
   */
  @Override
  protected Document handleGetMore(String databaseName, String collectionName, Document query) {
    long wait = MAX_AWAIT.toNanos();
    if (query.get("maxTimeMS") instanceof Number max) {
      wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(max.longValue()));
    }
    long deadline = System.nanoTime() + wait;
    while (true) {
      long seen;
      synchronized (changes) {
        seen = writes;
      }
      Document reply = super.handleGetMore(databaseName, collectionName, query);
      long left = deadline - System.nanoTime();
      if (left <= 0 || !openAndEmpty(reply)) {
        return reply;
      }
      synchronized (changes) {
        while (writes == seen && left > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(changes, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reply;
          }
          left = deadline - System.nanoTime();
        }
      }
    }
  }

  /**
   * The pipeline of the MongoDB drivers' {@code countDocuments()} with no filter, skip or limit.
   */
  private static final List<Document> WHOLE_COUNT =
      List.of(
          new Document("$match", new Document()),
          new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1))));

  /**
   * The reply to {@code query}, an aggregate, when it counts every document of a collection that
   * exists: one document {@code {_id: 1, n: <count>}}, none for an empty collection, as {@code
   * $group} gives. Empty for any other aggregate, which runs as given.
   */
  private Optional<Document> wholeCount(String databaseName, Document query) {
    if (!(query.get("aggregate") instanceof String collectionName)
        || !WHOLE_COUNT.equals(query.get("pipeline"))
        || !listDatabaseNames().contains(databaseName)) {
      return Optional.empty();
    }
    MongoCollection<?> collection =
        resolveDatabase(databaseName).resolveCollection(collectionName, false);
    if (collection == null) {
      return Optional.empty();
    }
    int count = collection.count();
    List<Document> batch =
        count == 0 ? List.of() : List.of(new Document("_id", 1).append("n", count));
    Document reply =
        new Document(
            "cursor",
            new Document("firstBatch", batch)
                .append("id", 0L)
                .append("ns", databaseName + "." + collectionName));
    Utils.markOkay(reply);
    return Optional.of(reply);
  }

  /** Whether a getMore reply brought nothing, from a cursor that stays open. */
  private static boolean openAndEmpty(Document reply) {
    return reply.get("cursor") instanceof Document cursor
        && cursor.get("id") instanceof Number id
        && id.longValue() != 0
        && cursor.get("nextBatch") instanceof java.util.Collection<?> batch
        && batch.isEmpty();
  }
}
