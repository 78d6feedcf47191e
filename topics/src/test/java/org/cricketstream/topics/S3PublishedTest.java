package org.cricketstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The index value: ETags compared without S3's quotes, the latest last, a bounded history. */
class S3PublishedTest {

  @Test
  void eTagsAreComparedWithoutQuotesAndKeptInOrderOfPublication() {
    S3Published p = new S3Published("b", "tests/1.yaml", null, 0).with("\"aaa\"", 1).with("bbb", 2);
    assertThat(p.eTags()).containsExactly("aaa", "bbb");
    assertThat(p.has("aaa")).isTrue();
    assertThat(p.has("\"bbb\"")).isTrue();
    assertThat(p.has("ccc")).isFalse();
    assertThat(p.has(null)).isFalse();
    assertThat(p.with("aaa", 3).eTags())
        .as("republished: now the latest")
        .containsExactly("bbb", "aaa");
    assertThat(p.publishedAt()).isEqualTo(2);
  }

  @Test
  void theHistoryIsBounded() {
    S3Published p = new S3Published("b", "k", List.of(), 0);
    for (int i = 0; i < S3Published.MAX_ETAGS + 5; i++) {
      p = p.with("e" + i, i);
    }
    assertThat(p.eTags()).hasSize(S3Published.MAX_ETAGS).startsWith("e5").endsWith("e24");
  }

  @Test
  void itRoundTripsThroughTheTopicsSerde() {
    S3Published p = new S3Published("b", "tests/x.yaml", List.of("aaa"), 7);
    byte[] bytes = Topics.S3_PUBLISHED.valueSerde().serializer().serialize("t", p);
    assertThat(Topics.S3_PUBLISHED.valueSerde().deserializer().deserialize("t", bytes))
        .isEqualTo(p);
  }
}
