package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.nio.file.Path;
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
}
