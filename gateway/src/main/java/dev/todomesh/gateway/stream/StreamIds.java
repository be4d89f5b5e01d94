package dev.todomesh.gateway.stream;

import org.redisson.api.stream.StreamMessageId;

/** Parsing of Redis stream entry IDs ({@code <milliseconds>-<sequence>}). */
public final class StreamIds {

  private StreamIds() {}

  /**
   * Parses an entry ID.
   *
   * @throws IllegalArgumentException when {@code id} is not two unsigned numbers joined by a dash
   */
  public static StreamMessageId parse(String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1) {
      throw new IllegalArgumentException(
          "invalid stream entry ID '" + id + "': expected <milliseconds>-<sequence>");
    }
    try {
      return new StreamMessageId(
          Long.parseUnsignedLong(id.substring(0, dash)),
          Long.parseUnsignedLong(id.substring(dash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid stream entry ID '" + id + "': expected <milliseconds>-<sequence>", e);
    }
  }
}
