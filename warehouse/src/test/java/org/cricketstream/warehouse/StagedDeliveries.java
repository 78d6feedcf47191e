package org.cricketstream.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.generate.GeneratedSample;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;

/** What the staging tests load and read: generated ODI deliveries, and one number at a time. */
final class StagedDeliveries {
  private StagedDeliveries() {}

  /** The deliveries of {@code odis} generated ODIs, written under {@code dir}. */
  static List<Delivery> generated(Path dir, int odis) throws Exception {
    List<Delivery> deliveries = new ArrayList<>();
    GeneratedSample.write(
        dir, 7, new GeneratedSample.Counts(0, odis, 0), m -> deliveries.addAll(m.deliveries()));
    return deliveries;
  }

  /** A batch of {@code deliveries}, as the sink takes them from the clean topic. */
  static Batch batch(List<Delivery> deliveries) {
    @SuppressWarnings("unchecked")
    JsonSerde<Delivery> serde = (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();
    Batch batch = new Batch();
    deliveries.forEach(d -> batch.addClean(Topics.DELIVERIES.name(), d.key(), serde.toBytes(d)));
    return batch;
  }

  /** One number, read on the sink's own session (its temporary tables are visible only there). */
  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.commit();
      return n;
    }
  }
}
