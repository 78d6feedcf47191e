package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * What the processor digests is what its topic receives, written once: the bytes remembered for a
   * value are the serde's own, and the serde's next write of that same object returns them, for
   * every value of a document digested before the first is written.
   */
  @Test
  void aValueDigestedIsWrittenToItsTopicWithTheBytesDigested() {
    JsonSerde<Holder> serde = new JsonSerde<>(Holder.class);
    Holder value = new Holder(Map.of("JR Hazlewood", "03806cf8"));
    Holder equal = new Holder(Map.of("JR Hazlewood", "03806cf8"));
    byte[] digested = JsonSerde.remember(value);
    assertThat(digested).isEqualTo(serde.toBytes(equal)).isNotSameAs(serde.toBytes(equal));
    assertThat(serde.toBytes(value)).isSameAs(digested);
    // written once: the next write of it writes it again
    assertThat(serde.toBytes(value)).isEqualTo(digested).isNotSameAs(digested);

    // a document's values, all digested before the first is written
    List<Holder> document = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      Holder ball = new Holder(Map.of("ball", Integer.toString(i)));
      document.add(ball);
      bytes.add(JsonSerde.remember(ball));
    }
    for (int i = 0; i < document.size(); i++) {
      assertThat(serde.toBytes(document.get(i))).as("ball %d", i).isSameAs(bytes.get(i));
    }
  }

  /** Values digested and never written (repeats) are not kept without bound. */
  @Test
  void valuesDigestedAndNeverWrittenAreForgotten() {
    JsonSerde<Holder> serde = new JsonSerde<>(Holder.class);
    Holder first = new Holder(Map.of("repeat", "0"));
    byte[] firstBytes = JsonSerde.remember(first);
    for (int i = 1; i < JsonSerde.MAX_REMEMBERED + 1; i++) {
      JsonSerde.remember(new Holder(Map.of("repeat", Integer.toString(i))));
    }
    assertThat(serde.toBytes(first)).isEqualTo(firstBytes).isNotSameAs(firstBytes);
  }

  record Holder(Map<String, String> people) {}
}
