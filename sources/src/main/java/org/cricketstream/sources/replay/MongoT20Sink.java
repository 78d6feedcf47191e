package org.cricketstream.sources.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.charset.StandardCharsets;
import org.bson.Document;
import org.cricketstream.topics.RawFormats;

/**
 * Inserts T20I match documents into MongoDB, one insert per document, as the T20I application does:
 * the Cricsheet JSON document plus its Cricsheet match id (MongoDB adds the {@code _id}).
 */
public final class MongoT20Sink implements SourceSink {
  private final MongoClient client;
  private final MongoCollection<Document> collection;

  public MongoT20Sink(String uri) {
    client = MongoClients.create(uri);
    collection =
        client.getDatabase(RawFormats.MONGO_DATABASE).getCollection(RawFormats.MONGO_COLLECTION);
  }

  @Override
  public void send(ReplayRecord record) {
    ReplayRecord.T20Document doc = (ReplayRecord.T20Document) record;
    Document document = new Document(RawFormats.MONGO_MATCH_ID_FIELD, doc.matchId());
    document.putAll(Document.parse(new String(doc.json(), StandardCharsets.UTF_8)));
    collection.insertOne(document);
  }

  @Override
  public String name() {
    return "t20i→mongodb";
  }

  @Override
  public void close() {
    client.close();
  }
}
