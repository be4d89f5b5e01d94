package dev.todomesh.activities.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.activities.TodoPartitioner;
import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.workflows.TodoChange;
import dev.todomesh.workflows.TodoState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.stream.StreamMessageId;

class EventActivitiesImplTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private EventLog log;
  private EventActivitiesImpl activities;

  @BeforeEach
  void createActivities() {
    log = new EventLog(redis.client(), "test", new TodoPartitioner(1));
    activities = new EventActivitiesImpl(log);
  }

  @Test
  void retriedPublishAppendsOneEvent() {
    TodoChange change = change(TodoChange.CREATED, 1, "cmd-1");

    activities.publish(change);
    activities.publish(change);

    assertThat(log.stream(0).size()).isEqualTo(1);
  }

  @Test
  void eventCarriesTypeStateCommandAndTime() {
    activities.publish(change(TodoChange.UPDATED, 2, "cmd-2"));

    Map<String, String> event = events().get(0);

    assertThat(event)
        .containsEntry("type", "todo.updated")
        .containsEntry("todoId", "a")
        .containsEntry("version", "2")
        .containsEntry("commandId", "cmd-2")
        .containsEntry("time", T0.toString());
    assertThat(event.get("state")).contains("\"title\":\"milk\"").contains("\"version\":2");
  }

  @Test
  void reminderEventHasNoCommandId() {
    activities.publish(change(TodoChange.REMINDER_DUE, 3, null));

    assertThat(events().get(0)).doesNotContainKey("commandId");
  }

  private List<Map<String, String>> events() {
    return List.copyOf(log.stream(0).range(StreamMessageId.MIN, StreamMessageId.MAX).values());
  }

  private static TodoChange change(String type, long version, String commandId) {
    TodoState state =
        new TodoState("a", "milk", false, T0, T0, commandId, version, null, null, null, false, null);
    return new TodoChange(type, state, commandId, T0);
  }
}
