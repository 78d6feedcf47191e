package org.cricketstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cricketstream.cricsheet.model.Innings;
import org.cricketstream.cricsheet.model.Match;
import org.cricketstream.cricsheet.read.MatchFiles;
import org.cricketstream.topics.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clean topics' mapping calls record accessors through generated lambdas (Blackbird). The
 * processor's de-duplication digests the bytes it writes, and digests kept by an earlier processor
 * must still match after an upgrade: so every kind of clean value, from a match of each format, is
 * written byte for byte as plain reflection writes it, and read back equal.
 */
class CleanValuesJsonTest {
  private static final ObjectMapper REFLECTIVE = Json.reflective();

  @ParameterizedTest
  @ValueSource(strings = {"json/900001.json", "yaml/900002.yaml", "csv/900003.csv"})
  void everyCleanValueIsWrittenAsReflectionWritesItAndReadBackEqual(String fixture)
      throws Exception {
    Match match = MatchFiles.readMatch(ProcessorTestData.fixtures().resolve(Path.of(fixture)));
    List<Object> values = new ArrayList<>();
    values.add(match.info());
    values.addAll(match.info().players());
    for (Innings innings : match.innings()) {
      values.add(innings.header());
    }
    values.addAll(match.deliveries());
    assertThat(match.deliveries()).isNotEmpty();
    assertThat(match.info().players()).isNotEmpty();
    for (Object value : values) {
      byte[] bytes = Json.MAPPER.writeValueAsBytes(value);
      assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(REFLECTIVE.writeValueAsString(value));
      assertThat(Json.MAPPER.readValue(bytes, value.getClass())).isEqualTo(value);
    }
  }
}
