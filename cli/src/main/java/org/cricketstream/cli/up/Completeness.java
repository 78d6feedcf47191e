package org.cricketstream.cli.up;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cricketstream.bridge.BridgeSettings;
import org.cricketstream.sources.SourcesSettings;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.Landed;
import org.cricketstream.warehouse.ReadOnlyQuery;
import org.cricketstream.warehouse.WarehouseSettings;
import org.cricketstream.warehouse.dialect.DatabaseDialect;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Whether everything each source holds reached the warehouse's landing layer: the MongoDB
 * documents, the PostgreSQL rows and the S3 objects, each counted once however often it was sent
 * ({@link Landed}). Quiet topics are not enough: a lost S3 notification leaves every lag at zero
 * while its Test match sits in the bucket. {@code up --exit-when-idle} waits for nothing to be
 * missing; {@code status} shows the last count.
 */
final class Completeness {
  /** One source's count: what it holds and how much of it landed. */
  record Count(String source, String unit, long atSource, long landed) {
    long missing() {
      return Math.max(0, atSource - landed);
    }

    @Override
    public String toString() {
      return source
          + ": "
          + landed
          + " of "
          + atSource
          + " "
          + unit
          + " landed"
          + (missing() > 0 ? ", " + missing() + " missing" : "");
    }
  }

  private final Map<String, String> env;
  private final AwsAccess aws;

  /** What landed, counted again each time from where the last count ended. */
  private final Landed.Tally landed = new Landed.Tally();

  Completeness(Map<String, String> env, AwsAccess aws) {
    this.env = env;
    this.aws = aws;
  }

  /** Counts every source against the landing layer now, on a reader of its own. */
  List<Count> counts() throws SQLException {
    WarehouseSettings warehouse = WarehouseSettings.fromEnvironment(env);
    DatabaseDialect dialect = DatabaseDialect.forUrl(warehouse.url());
    try (Connection c = dialect.openReader(warehouse)) {
      return counts(landed.count(c, dialect));
    }
  }

  /**
   * Counts every source against the landing layer now, reading the warehouse with {@code
   * warehouse}, which keeps its reader where the warehouse is read live (a new DuckDB reader loads
   * and checks its extensions, some 0.2 CPU seconds).
   */
  List<Count> counts(ReadOnlyQuery.Poller warehouse) throws SQLException {
    DatabaseDialect dialect = DatabaseDialect.forUrl(WarehouseSettings.fromEnvironment(env).url());
    Map<String, Long> counted = warehouse.apply(c -> landed.count(c, dialect));
    return counts(counted);
  }

  private List<Count> counts(Map<String, Long> landed) throws SQLException {
    List<Count> counts = new ArrayList<>();
    counts.add(
        new Count(
            "t20i", "MongoDB documents", mongoDocuments(), landed.get(Topics.RAW_T20I.name())));
    Map<String, Long> rows = odiRows();
    counts.add(
        new Count(
            "odi matches",
            "PostgreSQL rows",
            rows.get(RawFormats.ODI_MATCHES_TABLE),
            landed.get(Topics.RAW_ODI_MATCHES.name())));
    counts.add(
        new Count(
            "odi deliveries",
            "PostgreSQL rows",
            rows.get(RawFormats.ODI_DELIVERIES_TABLE),
            landed.get(Topics.RAW_ODI_DELIVERIES.name())));
    counts.add(new Count("test", "S3 objects", s3Objects(), landed.get(Topics.RAW_TEST.name())));
    return counts;
  }

  /** What is missing, one source per clause, or empty when every source landed whole. */
  Optional<String> missing() throws SQLException {
    List<String> missing =
        counts().stream().filter(c -> c.missing() > 0).map(Count::toString).toList();
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("not in the warehouse yet: " + String.join("; ", missing));
  }

  /** The counts as stack.json keeps them for {@code status}. */
  static Map<String, Object> asState(List<Count> counts) {
    Map<String, Object> state = new LinkedHashMap<>();
    for (Count c : counts) {
      state.put(
          c.source(),
          Map.of(
              "unit", c.unit(),
              "atSource", c.atSource(),
              "landed", c.landed(),
              "missing", c.missing()));
    }
    return state;
  }

  private long mongoDocuments() {
    try (MongoClient client = MongoClients.create(SourcesSettings.MONGO_URI.read(env))) {
      return client
          .getDatabase(RawFormats.MONGO_DATABASE)
          .getCollection(RawFormats.MONGO_COLLECTION)
          .countDocuments();
    }
  }

  private Map<String, Long> odiRows() throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                SourcesSettings.POSTGRES_URL.read(env),
                SourcesSettings.POSTGRES_USER.read(env),
                SourcesSettings.POSTGRES_PASSWORD.read(env));
        Statement s = c.createStatement()) {
      for (String table : List.of(RawFormats.ODI_MATCHES_TABLE, RawFormats.ODI_DELIVERIES_TABLE)) {
        // to_regclass: no table yet (the replay creates them) holds no rows
        try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
          exists.next();
          if (!exists.getBoolean(1)) {
            rows.put(table, 0L);
            continue;
          }
        }
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          rows.put(table, rs.getLong(1));
        }
      }
    }
    return rows;
  }

  private long s3Objects() {
    try (S3Client s3 = aws.s3()) {
      // the objects the bridge is notified of and reconciles: prefix and suffix (.yaml); S3Proxy's
      // filesystem store also lists a write cut short by kill -9 (KEY-<uuid>), which S3 never shows
      String suffix = BridgeSettings.SUFFIX.read(env);
      return aws.keys(s3, aws.targetPrefix()).stream().filter(k -> k.endsWith(suffix)).count();
    } catch (NoSuchBucketException e) {
      return 0;
    }
  }
}
