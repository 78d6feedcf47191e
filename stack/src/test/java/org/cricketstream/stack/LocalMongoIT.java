package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
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
}
