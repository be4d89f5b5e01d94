package dev.todomesh.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
