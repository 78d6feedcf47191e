package org.cricketstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cricketstream.cricsheet.model.Delivery;
import org.cricketstream.cricsheet.model.Extras;
import org.cricketstream.cricsheet.model.Fielder;
import org.cricketstream.cricsheet.model.Wicket;
import org.cricketstream.topics.JsonSerde;
import org.cricketstream.topics.Topics;
import org.cricketstream.warehouse.load.Batch;
import org.cricketstream.warehouse.schema.Tables;
import org.junit.jupiter.api.Test;

/** A batch keeps the last version of each key, as a compacted topic does. */
class BatchTest {
  private static final JsonSerde<Delivery> SERDE =
      (JsonSerde<Delivery>) Topics.DELIVERIES.valueSerde();

  @Test
  void aKeyReadTwiceKeepsItsLastVersionAndItsWicketsOnly() {
    Batch batch = new Batch();
    Delivery out = delivery(List.of(new Wicket("caught", "A", List.of(new Fielder("F", false)))));
    Delivery notOut = delivery(List.of());
    batch.addClean(Topics.DELIVERIES.name(), out.key(), SERDE.toBytes(out));
    batch.addClean(Topics.DELIVERIES.name(), notOut.key(), SERDE.toBytes(notOut));
    assertThat(batch.rows(Tables.DELIVERIES)).hasSize(1);
    assertThat(batch.rows(Tables.WICKETS)).isEmpty();
  }

  @Test
  void aTombstoneDeletesWhatTheBatchHeldAndIsStaged() {
    Batch batch = new Batch();
    Delivery d = delivery(List.of());
    batch.addClean(Topics.DELIVERIES.name(), d.key(), SERDE.toBytes(d));
    batch.addClean(Topics.DELIVERIES.name(), d.key(), null);
    assertThat(batch.rows(Tables.DELIVERIES)).isEmpty();
    assertThat(batch.hasDeletes(Tables.DELIVERIES)).isTrue();
    assertThat(batch.rows(Tables.DELETES)).hasSize(1);
  }

  @Test
  void aKeyThatIsNotItsValuesNaturalKeyIsRefused() {
    Batch batch = new Batch();
    Delivery d = delivery(List.of());
    assertThatThrownBy(
            () -> batch.addClean(Topics.DELIVERIES.name(), "other/1/0.1", SERDE.toBytes(d)))
        .hasMessageContaining("not the natural key");
  }

  @Test
  void anAbsorbedBatchKeepsWhatWritingBothInTurnWouldLeave() {
    Delivery out = delivery(List.of(new Wicket("caught", "A", List.of(new Fielder("F", false)))));
    Delivery notOut = delivery(List.of());
    Delivery other = notOut.withBall(2);
    Batch first = new Batch();
    first.addClean(Topics.DELIVERIES.name(), out.key(), SERDE.toBytes(out));
    first.addClean(Topics.DELIVERIES.name(), other.key(), SERDE.toBytes(other));
    first.offset("t", 0, 10, 1L, "id", 0);
    Batch second = new Batch();
    second.addClean(Topics.DELIVERIES.name(), other.key(), null);
    second.offset("t", 0, 12, 2L, "id", 0);
    Batch third = new Batch();
    third.addClean(Topics.DELIVERIES.name(), notOut.key(), SERDE.toBytes(notOut));

    Batch gathered = new Batch();
    gathered.absorb(first);
    gathered.absorb(second);
    gathered.absorb(third);
    // the first ball's last version, without its wicket; the other withdrawn; the newest offset
    assertThat(gathered.rows(Tables.DELIVERIES)).hasSize(1);
    assertThat(gathered.rows(Tables.DELIVERIES).get(0)[0]).isEqualTo(notOut.key());
    assertThat(gathered.rows(Tables.WICKETS)).isEmpty();
    assertThat(gathered.rows(Tables.DELETES))
        .singleElement()
        .satisfies(row -> assertThat(row[1]).isEqualTo(other.key()));
    assertThat(gathered.rows(Tables.SINK_OFFSETS))
        .singleElement()
        .satisfies(row -> assertThat(row[2]).isEqualTo(12L));
  }

  private static Delivery delivery(List<Wicket> wickets) {
    return new Delivery(
        "m1", 1, 0, 1, "0.1", 1, "A", "B", "C", 0, Extras.NONE, 0, false, wickets, List.of(), null);
  }
}
