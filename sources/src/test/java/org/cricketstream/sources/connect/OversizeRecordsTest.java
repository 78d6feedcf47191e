package org.cricketstream.sources.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.cricketstream.topics.RawFormats;
import org.junit.jupiter.api.Test;

class OversizeRecordsTest {
  private static final int LIMIT = 100;
  private static final Schema ROW =
      SchemaBuilder.struct()
          .field("match_id", Schema.STRING_SCHEMA)
          .field("text", Schema.STRING_SCHEMA)
          .build();

  private static SourceRecord apply(Object value) {
    try (OversizeRecords<SourceRecord> transform = new OversizeRecords<>()) {
      transform.configure(Map.of(OversizeRecords.MAX_BYTES_CONFIG, "" + LIMIT));
      return transform.apply(
          new SourceRecord(Map.of(), Map.of(), "raw.any", 0, null, "k", null, value));
    }
  }

  private static boolean passed(Object value) {
    SourceRecord out = apply(value);
    return out.value() == value && out.headers().isEmpty();
  }

  private static String size(SourceRecord rejected) {
    Header header = rejected.headers().lastWithName(OversizeRecords.HEADER_SIZE);
    return header == null ? null : header.value().toString();
  }

  @Test
  void textIsMeasuredInUtf8BytesNotChars() {
    // 40 chars pass by the 3-bytes-a-char bound alone; longer text is counted: ASCII passes up to
    // the limit, two-byte letters up to half of it, four-byte symbols (surrogate pairs) a quarter
    assertThat(passed("a".repeat(40))).isTrue();
    assertThat(passed("a".repeat(90))).isTrue();
    assertThat(passed("a".repeat(LIMIT))).isTrue();
    assertThat(passed("a".repeat(LIMIT + 1))).isFalse();
    assertThat(passed("é".repeat(50))).isTrue();
    assertThat(passed("é".repeat(51))).isFalse();
    assertThat(size(apply("é".repeat(51)))).isEqualTo("102");
    assertThat(passed("\uD83C\uDFCF".repeat(25))).as("cricket bats, 4 bytes each").isTrue();
    assertThat(size(apply("\uD83C\uDFCF".repeat(26)))).isEqualTo("104");
  }

  @Test
  void aStructuresSizeIsItsFieldsNamesAndValues() {
    // 8 + 4 + 4 bytes of the names and the id, then the text: at the limit, then one over
    Struct near = new Struct(ROW).put("match_id", "1234").put("text", "x".repeat(LIMIT - 16));
    Struct over = new Struct(ROW).put("match_id", "1234").put("text", "x".repeat(LIMIT - 15));
    assertThat(passed(near)).isTrue();
    assertThat(passed(over)).isFalse();
    assertThat(passed(Map.of("text", List.of("x".repeat(LIMIT - 4))))).isTrue();
    assertThat(passed(Map.of("text", List.of("x".repeat(LIMIT - 3))))).isFalse();
  }

  @Test
  void aRecordOverTheLimitBecomesAMarkerThatSaysWhy() {
    SourceRecord rejected = apply("é".repeat(60));
    assertThat(rejected.value().toString())
        .contains("\"rejected\"", "about 120 bytes", "larger than the 100 bytes");
    assertThat(rejected.valueSchema()).isNull();
    assertThat(rejected.key()).isEqualTo("k");
    assertThat(rejected.headers().lastWithName(RawFormats.HEADER_CONNECT_REJECTED)).isNotNull();
    assertThat(size(rejected)).isEqualTo("120");
  }
}
