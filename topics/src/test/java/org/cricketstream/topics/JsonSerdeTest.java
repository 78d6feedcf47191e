package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
  /**
   * The processor removes repeats by digesting serialized values, and a restarted processor runs in
   * a new JVM: a value must give the same bytes whatever order its maps were filled in (a processor
   * killed and restarted once re-emitted every match because of this).
   */
  @Test
  void theSameValueGivesTheSameBytesWhateverOrderItsMapsWereFilledIn() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      forward.put("player " + i, "id" + i);
      backward.put("player " + (49 - i), "id" + (49 - i));
    }
    JsonSerde<Holder> serde = new JsonSerde<>(Holder.class);
    assertThat(serde.toBytes(new Holder(forward))).isEqualTo(serde.toBytes(new Holder(backward)));
    assertThat(serde.fromBytes(serde.toBytes(new Holder(new HashMap<>(forward)))).people())
        .isEqualTo(forward);
  }

  record Holder(Map<String, String> people) {}
}
