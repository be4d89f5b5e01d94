package dev.todomesh.workflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Position of a command in the command streams: the partition and the Redis stream entry ID
 * ({@code <milliseconds>-<sequence>}).
 *
 * <p>Entry IDs of one stream only grow, and every command of a todo goes to the same partition,
 * so for one todo a later command always has a greater position.
 *
 * @param traceparent W3C {@code traceparent} of the request that sent the command, or null. It
 *     is shown in the signal payload for a reader of the history and plays no part in ordering.
 *     Histories recorded before this field existed decode with null, and a null field is left out
 *     of the JSON, so payloads without a trace keep their old form.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamPosition(int partition, String entryId, String traceparent) {

  public StreamPosition {
    Objects.requireNonNull(entryId, "entryId must not be null");
    parse(entryId);
  }

  /** Creates a position without a trace. */
  public StreamPosition(int partition, String entryId) {
    this(partition, entryId, null);
  }

  /** Returns true when this position comes after {@code other} in the same partition's stream. */
  public boolean isAfter(StreamPosition other) {
    long[] mine = parse(entryId);
    long[] theirs = parse(other.entryId);
    if (mine[0] != theirs[0]) {
      return mine[0] > theirs[0];
    }
    return mine[1] > theirs[1];
  }

  private static long[] parse(String entryId) {
    int dash = entryId.indexOf('-');
    if (dash <= 0 || dash == entryId.length() - 1) {
      throw new IllegalArgumentException(
          "invalid stream entry ID '" + entryId + "': expected <milliseconds>-<sequence>");
    }
    try {
      return new long[] {
        Long.parseUnsignedLong(entryId.substring(0, dash)),
        Long.parseUnsignedLong(entryId.substring(dash + 1))
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid stream entry ID '" + entryId + "': expected <milliseconds>-<sequence>", e);
    }
  }
}
