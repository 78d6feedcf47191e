package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
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
      List<Document> documents = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        documents.add(new Document("match_id", "" + i).append("innings", "x".repeat(50_000)));
      }
      t20i.insertMany(documents);
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
