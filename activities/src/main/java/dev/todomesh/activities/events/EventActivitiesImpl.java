package dev.todomesh.activities.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import dev.todomesh.workflows.TodoChange;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link TodoChange} into event fields and appends them to the {@link EventLog}.
 *
 * <p>Fields: {@code type}, {@code todoId}, {@code version}, {@code state} (the todo's state as
 * JSON), {@code commandId} (absent for a reminder) and {@code time} (ISO-8601).
 */
public final class EventActivitiesImpl implements EventActivities {

  public static final String TYPE = "type";
  public static final String STATE = "state";
  public static final String COMMAND_ID = "commandId";
  public static final String TIME = "time";

  private static final Logger log = LoggerFactory.getLogger(EventActivitiesImpl.class);

  /** Temporal's own mapper, so the state reads the same as in workflow histories. */
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private final EventLog eventLog;

  public EventActivitiesImpl(EventLog eventLog) {
    this.eventLog = eventLog;
  }

  @Override
  public void publish(TodoChange change) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(TYPE, change.eventType());
    fields.put(STATE, toJson(change));
    if (change.commandId() != null) {
      fields.put(COMMAND_ID, change.commandId());
    }
    fields.put(TIME, change.time().toString());
    long offset = eventLog.append(change.state().id(), change.state().version(), fields);
    log.debug(
        "Event published: todoId={} version={} type={} offset={}",
        change.state().id(),
        change.state().version(),
        change.eventType(),
        offset);
  }

  private static String toJson(TodoChange change) {
    try {
      return JSON.writeValueAsString(change.state());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "todo state could not be written as JSON: todoId=" + change.state().id(), e);
    }
  }
}
