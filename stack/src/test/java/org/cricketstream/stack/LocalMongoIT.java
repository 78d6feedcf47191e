package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMongoIT {
  @TempDir Path dir;

  @Test
  void documentsSurviveARestartOnTheSameDataDirectory() {
    int port;
    try (LocalMongo mongo = LocalMongo.start(dir);
        MongoClient client = MongoClients.create(mongo.uri())) {
      port = mongo.port();
      client.getDatabase("cricket").getCollection("t20i").insertOne(new Document("match_id", "1"));
    }
    try (LocalMongo mongo = LocalMongo.start(dir, port);
        MongoClient client = MongoClients.create(mongo.uri())) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      assertThat(t20i.countDocuments()).isEqualTo(1);
      assertThat(t20i.find().first().getString("match_id")).isEqualTo("1");
    }
  }

  /**
   * The MongoDB connector leaves the waiting on an idle change stream to the server (its {@code
   * poll.await.time.ms} is the getMore's {@code maxTimeMS}). Answered at once, a second of polling
   * made thousands of getMores; waited on, about ten, and a change still arrives at once.
   */
  @Test
  void anIdleChangeStreamIsWaitedOnAndAChangeEndsTheWait() {
    AtomicInteger getMores = new AtomicInteger();
    CommandListener counter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("getMore")) {
              getMores.incrementAndGet();
            }
          }
        };
    try (LocalMongo mongo = LocalMongo.start(dir);
        MongoClient client =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.uri()))
                    .addCommandListener(counter)
                    .build());
        MongoClient writer = MongoClients.create(mongo.uri())) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      t20i.insertOne(new Document("match_id", "1"));
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          t20i.watch().maxAwaitTime(500, TimeUnit.MILLISECONDS).cursor()) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
          assertThat(changes.tryNext()).isNull();
        }
        assertThat(getMores.get()).isBetween(1, 30);

        writer
            .getDatabase("cricket")
            .getCollection("t20i")
            .insertOne(new Document("match_id", "2"));
        ChangeStreamDocument<Document> next = null;
        for (int i = 0; i < 20 && next == null; i++) {
          next = changes.tryNext();
        }
        assertThat(next).isNotNull();
        assertThat(next.getFullDocument().getString("match_id")).isEqualTo("2");
      }
    }
  }

  /**
   * A count of the whole collection is answered from its size, not by reading every document: the
   * server runs in this JVM, so what its threads allocate for a count shows whether it decoded the
   * documents (200 of about 50 KB here). A count with a filter that every document passes still
   * reads them all, and gives the same number.
   */
  @Test
  void aCountOfTheWholeCollectionReadsNoDocument() {
    int port;
    try (LocalMongo mongo = LocalMongo.start(dir);
        MongoClient client = MongoClients.create(mongo.uri())) {
      port = mongo.port();
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      assertThat(t20i.countDocuments()).isZero();
      t20i.insertMany(bigDocuments(200));
      assertThat(client.getDatabase("nowhere").getCollection("t20i").countDocuments()).isZero();
    }
    // started again, its cache empty: a document read is decoded from the file
    try (LocalMongo mongo = LocalMongo.start(dir, port);
        MongoClient client = MongoClients.create(mongo.uri())) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      client.getDatabase("admin").runCommand(new Document("ping", 1)); // connected
      long before = allocatedBytes();
      long whole = t20i.countDocuments();
      long wholeBytes = allocatedBytes() - before;
      before = allocatedBytes();
      long filtered = t20i.countDocuments(Filters.exists("match_id"));
      long filteredBytes = allocatedBytes() - before;

      assertThat(whole).isEqualTo(200);
      assertThat(filtered).isEqualTo(200);
      assertThat(t20i.countDocuments(Filters.eq("match_id", "7"))).isEqualTo(1);
      assertThat(wholeBytes).isLessThan(2_000_000L);
      assertThat(filteredBytes).isGreaterThan(10_000_000L);
    }
  }

  /**
   * A change stream reads the oplog from its position on: after 200 documents of about 50 KB (the
   * server started again, its cache empty, so an entry read is decoded from the file), the change
   * of one more insert comes without the 200 entries before it being read. mongo-java-server's own
   * oplog read and decoded all of them for every getMore (more than 10 MB here).
   */
  @Test
  void aChangeStreamReadsOnlyTheOplogAfterItsPosition() {
    int port;
    try (LocalMongo mongo = LocalMongo.start(dir);
        MongoClient client = MongoClients.create(mongo.uri())) {
      port = mongo.port();
      client.getDatabase("cricket").getCollection("t20i").insertMany(bigDocuments(200));
    }
    try (LocalMongo mongo = LocalMongo.start(dir, port);
        MongoClient client = MongoClients.create(mongo.uri())) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          t20i.watch().maxAwaitTime(100, TimeUnit.MILLISECONDS).cursor()) {
        assertThat(changes.tryNext()).isNull();
        long before = allocatedBytes();
        t20i.insertOne(new Document("match_id", "new"));
        ChangeStreamDocument<Document> next = null;
        for (int i = 0; i < 50 && next == null; i++) {
          next = changes.tryNext();
        }
        long bytes = allocatedBytes() - before;

        assertThat(next).isNotNull();
        assertThat(next.getFullDocument().getString("match_id")).isEqualTo("new");
        assertThat(bytes).isLessThan(5_000_000L);
      }
    }
  }

  /**
   * A store written before the oplog was keyed by time (mongo-java-server's oplog, in the
   * collection local.oplog.rs) keeps its changes: a change stream from the beginning gives them and
   * then the new ones, in order, and resumes after any of them.
   */
  @Test
  void theChangesOfAStoreWrittenByThePlainOplogAreKept() {
    MongoServer old =
        new MongoServer(
            new H2Backend(
                new MVStore.Builder().fileName(dir.resolve(LocalMongo.FILE).toString()).open()));
    old.enableOplog();
    int port = LocalKafka.freePort();
    old.bind(LocalKafka.HOST, port);
    try (MongoClient client = MongoClients.create("mongodb://" + LocalKafka.HOST + ":" + port)) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      for (int i = 1; i <= 3; i++) {
        t20i.insertOne(new Document("match_id", "" + i));
      }
    } finally {
      old.shutdown();
    }
    try (LocalMongo mongo = LocalMongo.start(dir, port);
        MongoClient client = MongoClients.create(mongo.uri())) {
      MongoCollection<Document> t20i = client.getDatabase("cricket").getCollection("t20i");
      t20i.insertOne(new Document("match_id", "4"));
      List<ChangeStreamDocument<Document>> all =
          changes(t20i.watch().startAtOperationTime(new BsonTimestamp(0, 0)), 4);
      assertThat(all)
          .extracting(c -> c.getFullDocument().getString("match_id"))
          .containsExactly("1", "2", "3", "4");
      List<ChangeStreamDocument<Document>> afterSecond =
          changes(t20i.watch().resumeAfter(all.get(1).getResumeToken()), 2);
      assertThat(afterSecond)
          .extracting(c -> c.getFullDocument().getString("match_id"))
          .containsExactly("3", "4");
    }
  }

  /** The first {@code count} changes of a change stream (waiting at most a few seconds). */
  private static List<ChangeStreamDocument<Document>> changes(
      ChangeStreamIterable<Document> stream, int count) {
    List<ChangeStreamDocument<Document>> changes = new ArrayList<>();
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        stream.maxAwaitTime(100, TimeUnit.MILLISECONDS).cursor()) {
      for (int i = 0; i < 50 && changes.size() < count; i++) {
        ChangeStreamDocument<Document> next = cursor.tryNext();
        if (next != null) {
          changes.add(next);
        }
      }
    }
    return changes;
  }

  private static List<Document> bigDocuments(int count) {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      documents.add(new Document("match_id", "" + i).append("innings", "x".repeat(50_000)));
    }
    return documents;
  }

  /** Bytes allocated so far by every live thread of this JVM. */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }
}
