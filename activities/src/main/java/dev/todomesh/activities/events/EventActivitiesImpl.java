package dev.todomesh.activities.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todomesh.workflows.TodoChange;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.LinkedHashMap;
import java.util.List;
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
    publishAll(List.of(change));
  }

  /**
   * Appends one event per change, in the given order, with one round trip to Redis. The changes
   * must belong to one todo and be in version order.
   */
  public void publishAll(List<TodoChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    String todoId = changes.get(0).state().id();
    List<EventLog.Event> events = changes.stream().map(EventActivitiesImpl::event).toList();
    List<Long> offsets = eventLog.appendAll(todoId, events);
    for (int i = 0; i < changes.size(); i++) {
      log.debug(
          "Event published: todoId={} version={} type={} offset={}",
          todoId,
          changes.get(i).state().version(),
          changes.get(i).eventType(),
          offsets.get(i));
    }
  }

  private static EventLog.Event event(TodoChange change) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(TYPE, change.eventType());
    fields.put(STATE, toJson(change));
    if (change.commandId() != null) {
      fields.put(COMMAND_ID, change.commandId());
    }
    fields.put(TIME, change.time().toString());
    return new EventLog.Event(change.state().version(), fields);
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
