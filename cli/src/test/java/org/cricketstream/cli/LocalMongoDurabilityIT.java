package org.cricketstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.cricketstream.stack.LocalKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cricket server mongo} killed with SIGKILL while four clients insert (as the chaos fault
 * stack-killed kills it mid-replay) and started again on the same folder: every document it
 * acknowledged is still there, and every document there has its oplog entry, so the change stream
 * (Kafka Connect) sees it. The replay moves its position on once MongoDB has acknowledged a match:
 * a document acknowledged and then lost would never be sent again, and one kept without its oplog
 * entry would never reach Kafka; the stack could not become idle.
 */
class LocalMongoDurabilityIT {
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void acknowledgedInsertsSurviveAKill9MidWriteWithTheirOplogEntries() throws Exception {
    int port = LocalKafka.freePort();
    String uri = "mongodb://" + LocalKafka.HOST + ":" + port;
    Process first = start(port, dir.resolve("first.log"));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .retryWrites(false)
                .build())) {
      MongoCollection<Document> matches = client.getDatabase("cricket").getCollection("t20i");
      List<Future<?>> inserting = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientNumber = c;
        inserting.add(
            clients.submit(
                () -> {
                  for (int i = 0; ; i++) {
                    String id = clientNumber + "-" + i;
                    try {
                      matches.insertOne(
                          new Document("match_id", id).append("x", "x".repeat(2_000)));
                    } catch (RuntimeException e) {
                      return; // the server is gone
                    }
                    acknowledged.add(id);
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 400);
      first.destroyForcibly(); // SIGKILL mid-write: no shutdown hook, no clean close of the file
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      for (Future<?> inserter : inserting) {
        inserter.get(); // each ended when the server went, and threw nothing else
      }
    }
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = start(port, dir.resolve("second.log"));
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<Document> matches = client.getDatabase("cricket").getCollection("t20i");
      Set<String> kept = new HashSet<>();
      Set<Object> ids = new HashSet<>();
      for (Document d : matches.find()) {
        kept.add(d.getString("match_id"));
        ids.add(d.get("_id"));
      }
      assertThat(kept).as("acknowledged inserts after the kill").containsAll(acknowledged);
      // the change stream from the beginning: an insert event for every document kept
      Set<Object> changed = new HashSet<>();
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          matches
              .watch()
              .startAtOperationTime(new BsonTimestamp(0, 0))
              .maxAwaitTime(100, TimeUnit.MILLISECONDS)
              .cursor()) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!changed.containsAll(ids) && System.nanoTime() < end) {
          ChangeStreamDocument<Document> change = changes.tryNext();
          if (change != null) {
            changed.add(change.getFullDocument().get("_id"));
          }
        }
      }
      assertThat(changed).as("change events of the documents kept").containsAll(ids);
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private Process start(int port, Path log) throws IOException, InterruptedException {
    return CricketProcess.startUntil(
        new ProcessBuilder(
            CricketProcess.command(
                "server", "mongo", "--data", dir.resolve("mongo").toString(), "--port", "" + port)),
        log,
        "mongo ready at",
        Duration.ofSeconds(60));
  }
}
