package org.cricketstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Event bodies as S3 (LocalStack's capture, AWS's documented example) sends them. */
class S3EventMessageTest {
  @Test
  void anObjectCreatedEventWithItsKeyDecoded() {
    S3EventMessage.Records records = (S3EventMessage.Records) parse("object-created-put.json");
    assertThat(records.events()).hasSize(1);
    S3EventMessage.ObjectEvent event = records.events().get(0);
    assertThat(event.created()).isTrue();
    assertThat(event.bucket()).isEqualTo("cricket-stream-tests");
    assertThat(event.key()).isEqualTo("tests/a b+c.yaml");
    assertThat(event.size()).isEqualTo(3);
    assertThat(event.eTag()).isEqualTo("764efa883dda1e11db47671c4a3bbd9e");
    assertThat(event.sequencer()).isEqualTo("0055AED6DCD90281E5");
    assertThat(event.eventTime()).isEqualTo("2026-11-24T06:58:02.138Z");
    assertThat(event.versionId()).isNull();
  }

  @Test
  void awsFormEncodingAndOtherEventsInOneMessage() {
    S3EventMessage.Records records =
        (S3EventMessage.Records) parse("object-created-aws-form-encoding.json");
    assertThat(records.events())
        .extracting(S3EventMessage.ObjectEvent::key)
        .containsExactly("tests/red flower.yaml", "tests/old.yaml");
    assertThat(records.events())
        .extracting(S3EventMessage.ObjectEvent::created)
        .containsExactly(true, false);
    assertThat(records.events().get(0).versionId()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
  }

  @Test
  void theTestEventS3SendsOnConfiguration() {
    assertThat(parse("test-event.json"))
        .isEqualTo(new S3EventMessage.TestEvent("cricket-stream-tests"));
  }

  @Test
  void anythingElseIsRefusedWithTheReason() {
    assertThatThrownBy(() -> S3EventMessage.parse("poison")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> S3EventMessage.parse("{\"hello\":1}"))
        .hasMessageContaining("neither an s3:TestEvent nor S3 event Records");
    assertThatThrownBy(() -> S3EventMessage.parse("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}"))
        .hasMessageContaining("aws:sqs");
  }

  private static S3EventMessage parse(String resource) {
    try (InputStream in = S3EventMessageTest.class.getResourceAsStream("/events/" + resource)) {
      return S3EventMessage.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
