package org.cricketstream.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cricketstream.topics.Json;
import org.junit.jupiter.api.Test;

class RowsTest {
  /**
   * The landing layer's headers are written as the mapper writes a list of {"key", "value"} maps
   * (what the sink wrote before, and what rebuild reads back): the same text, whatever the keys
   * hold (quotes, backslashes, control characters, non-ASCII), null values left out, repeats and
   * order kept.
   */
  @Test
  void headersAreTheJsonTheMapperWritesAndReadBackExactly() throws Exception {
    Random random = new Random(7);
    String alphabet = "ab\"\\/\n\t\u0001é漢 ";
    for (int round = 0; round < 500; round++) {
      List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
      List<Map<String, String>> asMaps = new ArrayList<>();
      for (int i = 0; i < random.nextInt(6); i++) {
        StringBuilder key = new StringBuilder();
        for (int c = 0; c < random.nextInt(8); c++) {
          key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        byte[] value = null;
        if (random.nextInt(4) > 0) {
          value = new byte[random.nextInt(20)];
          random.nextBytes(value);
        }
        headers.add(new SimpleImmutableEntry<>(key.toString(), value));
        asMaps.add(
            value == null
                ? Collections.singletonMap("key", key.toString())
                : Map.of(
                    "key", key.toString(), "value", Base64.getEncoder().encodeToString(value)));
      }
      String json = Rows.headersJson(headers);
      assertThat(json).isEqualTo(Json.MAPPER.writeValueAsString(asMaps));
      List<Map.Entry<String, byte[]>> back = Rows.headersOf(json);
      assertThat(back).hasSameSizeAs(headers);
      for (int i = 0; i < headers.size(); i++) {
        assertThat(back.get(i).getKey()).isEqualTo(headers.get(i).getKey());
        assertThat(back.get(i).getValue()).isEqualTo(headers.get(i).getValue());
      }
    }
    assertThat(
            Rows.headersJson(
                List.of(new SimpleImmutableEntry<>("k", "v".getBytes(StandardCharsets.UTF_8)))))
        .isEqualTo("[{\"key\":\"k\",\"value\":\"dg==\"}]");
  }
}
