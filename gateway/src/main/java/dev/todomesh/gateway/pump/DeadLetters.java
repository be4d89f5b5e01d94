package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.stream.CommandStreams;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes entries that cannot be applied to the dead-letter stream, with the reason, the source
 * stream and entry ID, and the original fields as a JSON object.
 */
public final class DeadLetters {

  public static final String REASON = "reason";
  public static final String SOURCE_STREAM = "sourceStream";
  public static final String SOURCE_ENTRY_ID = "sourceEntryId";
  public static final String FAILED_AT = "failedAt";
  public static final String ORIGINAL_FIELDS = "originalFields";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CommandStreams streams;
  private final Clock clock;
  private final CommandMetrics metrics;

  /** Creates a dead-letter writer whose count is not exported. */
  public DeadLetters(CommandStreams streams, Clock clock) {
    this(streams, clock, CommandMetrics.unregistered());
  }

  public DeadLetters(CommandStreams streams, Clock clock, CommandMetrics metrics) {
    this.streams = streams;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Appends one dead letter and returns its entry ID in the dead-letter stream. */
  public StreamMessageId add(
      int partition, StreamMessageId sourceEntryId, Map<String, String> original, String reason) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(REASON, reason);
    fields.put(SOURCE_STREAM, streams.commandStreamKey(partition));
    fields.put(SOURCE_ENTRY_ID, sourceEntryId.toString());
    fields.put(FAILED_AT, clock.instant().toString());
    fields.put(ORIGINAL_FIELDS, JSON.writeValueAsString(original == null ? Map.of() : original));
    StreamMessageId id = streams.deadLetterStream().add(StreamAddArgs.entries(fields));
    metrics.deadLettered();
    return id;
  }
}
