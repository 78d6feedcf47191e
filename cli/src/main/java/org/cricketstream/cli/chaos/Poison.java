package org.cricketstream.cli.chaos;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.cricketstream.cli.up.StackHome;
import org.cricketstream.config.Shared;
import org.cricketstream.cricsheet.read.MatchText;
import org.cricketstream.lambda.EmitterSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.stack.AwsClients;
import org.cricketstream.topics.RawFormats;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One poison record into each source of a running local stack, as a faulty producer would write it,
 * under match ids no file has ({@value #MATCH_ID}): a Test match file whose YAML nests deeper than
 * any reader goes, a T20I document larger than a raw topic takes, and an ODI match row whose info
 * text is not Cricsheet's. Each must end as a dead letter naming its origin, and everything after
 * it must be processed.
 */
final class Poison {
  static final String MATCH_ID = "chaos-poison";

  private Poison() {}

  static void inject(StackHome home, List<String> notes) throws Exception {
    Map<String, String> env = ChaosRun.environment(home);
    String key = EmitterSettings.TARGET_PREFIX.find(env).orElse("tests/") + MATCH_ID + ".yaml";
    try (S3Client s3 =
        AwsClients.s3(
            URI.create(env.get(Shared.AWS_ENDPOINT_URL_S3.name())),
            new AwsClients.Keys(
                secret(home, "s3-access-key-id"), secret(home, "s3-secret-access-key")))) {
      s3.putObject(
          b -> b.bucket(EmitterSettings.BUCKET.read(env)).key(key),
          RequestBody.fromString("info: " + "[".repeat(200_000), StandardCharsets.UTF_8));
    }
    notes.add("poison s3://" + EmitterSettings.BUCKET.read(env) + "/" + key);
    try (MongoClient client = MongoClients.create(SourcesSettings.MONGO_URI.read(env))) {
      Document document =
          new Document(RawFormats.MONGO_MATCH_ID_FIELD, MATCH_ID)
              .append("padding", "x".repeat(MatchText.MAX_BYTES + 4096));
      client
          .getDatabase(RawFormats.MONGO_DATABASE)
          .getCollection(RawFormats.MONGO_COLLECTION)
          .insertOne(document);
      notes.add("poison MongoDB document " + document.getObjectId("_id").toHexString());
    }
    try (Connection c =
            DriverManager.getConnection(
                SourcesSettings.POSTGRES_URL.read(env),
                SourcesSettings.POSTGRES_USER.read(env),
                secret(home, "postgres-" + SourcesSettings.POSTGRES_USER.read(env)));
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO "
                    + RawFormats.ODI_MATCHES_TABLE
                    + " (match_id, info_csv) VALUES (?, ?)")) {
      insert.setString(1, MATCH_ID);
      insert.setString(2, "version,2.0.0\ninfo,this is not,a Cricsheet info file\u00ff\n");
      insert.executeUpdate();
    }
    notes.add("poison ODI row " + MATCH_ID);
  }

  private static String secret(StackHome home, String name) throws java.io.IOException {
    return Files.readString(home.resolve("secrets", name), StandardCharsets.UTF_8).strip();
  }
}
