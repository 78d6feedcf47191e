package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.cricketstream.testsupport.RawRecord;
import org.cricketstream.testsupport.RawRecords;
import org.cricketstream.topics.RawFormats;
import org.cricketstream.topics.RawMatchIds;
import org.cricketstream.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every raw record of a match, in each source's form, finds that match before it is decoded. */
class MatchRouteTest {
  private final RawRecords raw = new RawRecords();

  @ParameterizedTest
  @CsvSource({"json/900001.json, 900001", "yaml/900002.yaml, 900002", "csv/900003.csv, 900003"})
  void everyRawRecordOfAMatchFileFindsItsMatch(String fixture, String matchId) {
    List<RawRecord> records = raw.of(ProcessorTestData.fixtures().resolve(fixture));
    assertThat(records).hasSizeGreaterThan(0);
    for (RawRecord record : records) {
      assertThat(RawMatchIds.of(record.topic(), record.key(), record.value(), headers(record)))
          .as("%s key %s", record.topic(), record.key())
          .isEqualTo(matchId);
    }
  }

  @Test
  void theMongoMatchIdIsFoundAfterFieldsItSkips() {
    String document =
        "{\"_id\":{\"$oid\":\"65f0\"},\"meta\":{\"a\":[1,{\"match_id\":\"no\"}]},"
            + "\"match_id\":\"1234\",\"info\":{}}";
    assertThat(RawMatchIds.mongoDocument(bytes(document))).isEqualTo("1234");
  }

  @Test
  void theDebeziumMatchIdIsTheRowsAfterTheChangeWithOrWithoutSchemas() {
    String plain =
        "{\"before\":{\"match_id\":\"1\"},\"after\":{\"id\":7,\"info\":{\"match_id\":\"2\"},"
            + "\"match_id\":\"1234\"},\"op\":\"u\"}";
    String withSchemas =
        "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"after\"}]},"
            + "\"payload\":{\"after\":{\"match_id\":\"5678\"},\"op\":\"c\"}}";
    assertThat(RawMatchIds.debeziumRow(bytes(plain))).isEqualTo("1234");
    assertThat(RawMatchIds.debeziumRow(bytes(withSchemas))).isEqualTo("5678");
  }

  @Test
  void aRecordWhoseMatchCannotBeFoundWithoutDecodingHasNone() {
    Headers none = new RecordHeaders();
    assertThat(RawMatchIds.mongoDocument(bytes("\u0000not json"))).isNull();
    assertThat(RawMatchIds.mongoDocument(bytes("{\"info\":{}}"))).isNull();
    assertThat(RawMatchIds.mongoDocument("{\"match_id\":null}")).isNull();
    String deleted = "{\"before\":{\"match_id\":\"1\"},\"after\":null,\"op\":\"d\"}";
    assertThat(RawMatchIds.debeziumRow(bytes(deleted))).isNull();
    assertThat(RawMatchIds.debeziumRow(bytes("[1,2]"))).isNull();
    assertThat(RawMatchIds.s3Object(null, none)).isNull();
    assertThat(raw.odiHeartbeat("2026-12-02T01:00:00Z"))
        .satisfies(
            beat ->
                assertThat(RawMatchIds.of(beat.topic(), beat.key(), beat.value(), headers(beat)))
                    .isNull());
  }

  @Test
  void aTestMatchFileIsFoundByTheFileNameOfItsObjectKeyOrHeader() {
    Headers headers = new RecordHeaders();
    headers.add(RawFormats.HEADER_KEY, bytes("tests/2026/1457001.yaml"));
    assertThat(RawMatchIds.s3Object(null, headers)).isEqualTo("1457001");
    assertThat(RawMatchIds.s3Object("tests/1457002.yaml", new RecordHeaders()))
        .isEqualTo("1457002");
  }

  @Test
  void aRecordIsInPlaceInThePartitionTheRepartitionByMatchWouldGiveIt() {
    // 1144530's partition among four, by Kafka's murmur2 of the id's bytes, as the default
    // partitioner would place a record keyed by the bare id
    int partition =
        org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(bytes("1144530")))
            % Topics.PARTITIONS;
    for (int p = 0; p < Topics.PARTITIONS; p++) {
      assertThat(MatchRoute.inPlace("1144530", p)).as("partition %d", p).isEqualTo(p == partition);
    }
  }

  private static Headers headers(RawRecord record) {
    RecordHeaders headers = new RecordHeaders();
    record.headers().forEach((k, v) -> headers.add(k, bytes(v)));
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
