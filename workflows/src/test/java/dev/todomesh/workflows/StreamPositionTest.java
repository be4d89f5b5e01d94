package dev.todomesh.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

  @Test
  void comparesMillisecondsBeforeSequence() {
    assertThat(new StreamPosition(0, "10-0").isAfter(new StreamPosition(0, "9-99"))).isTrue();
    assertThat(new StreamPosition(0, "9-99").isAfter(new StreamPosition(0, "10-0"))).isFalse();
  }

  @Test
  void comparesSequenceNumerically() {
    assertThat(new StreamPosition(0, "5-10").isAfter(new StreamPosition(0, "5-9"))).isTrue();
  }

  @Test
  void equalPositionIsNotAfter() {
    assertThat(new StreamPosition(0, "5-1").isAfter(new StreamPosition(0, "5-1"))).isFalse();
  }

  @Test
  void rejectsMalformedEntryId() {
    assertThatThrownBy(() -> new StreamPosition(0, "12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'12'");
    assertThatThrownBy(() -> new StreamPosition(0, "a-b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final String TRACEPARENT = "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01";

  @Test
  void traceparentPlaysNoPartInOrder() {
    StreamPosition traced = new StreamPosition(0, "5-1", TRACEPARENT);

    assertThat(traced.isAfter(new StreamPosition(0, "5-1"))).isFalse();
    assertThat(traced.isAfter(new StreamPosition(0, "5-0"))).isTrue();
  }

  @Test
  void traceparentSurvivesPayloadRoundTrip() {
    StreamPosition traced = new StreamPosition(2, "5-1", TRACEPARENT);

    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(traced).orElseThrow();

    assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, StreamPosition.class, StreamPosition.class))
        .isEqualTo(traced);
  }

  @Test
  void positionWithoutTraceKeepsOldJson() {
    Payload payload =
        DefaultDataConverter.STANDARD_INSTANCE.toPayload(new StreamPosition(2, "5-1")).orElseThrow();

    assertThat(payload.getData().toStringUtf8()).isEqualTo("{\"partition\":2,\"entryId\":\"5-1\"}");
  }
}
