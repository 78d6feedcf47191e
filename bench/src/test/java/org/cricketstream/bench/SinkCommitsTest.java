package org.cricketstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bench e2e adds up the sink's commit lines as the sink writes them. */
class SinkCommitsTest {
  @Test
  void commitLinesAreAddedUpAndOtherLinesPassedOver() {
    SinkCommits sum = new SinkCommits();
    sum.add(
        "[main] INFO org.cricketstream.warehouse.sink.WarehouseSink - committed 3485 records as"
            + " 5120 rows in 412 ms (load 38 ms, merge 230 ms, commit 31 ms, after 113 ms)");
    sum.add(
        "[main] INFO org.cricketstream.warehouse.sink.WarehouseSink - committed 15 records as 15"
            + " rows in 1588 ms (load 12 ms, merge 76 ms, commit 1500 ms, after 0 ms)");
    sum.add("[main] INFO ... - committed 2 records as 2 rows in 9 ms (one at a time)");
    sum.add("[main] INFO ... - sink 1/1 into duckdb from 127.0.0.1:9092");
    assertThat(sum.figures())
        .containsEntry("commits", 2L)
        .containsEntry("records", 3500L)
        .containsEntry("seconds", 2.0)
        .containsEntry("loadSeconds", 0.1)
        .containsEntry("mergeSeconds", 0.3)
        .containsEntry("commitSeconds", 1.5)
        .containsEntry("afterSeconds", 0.1);
  }
}
