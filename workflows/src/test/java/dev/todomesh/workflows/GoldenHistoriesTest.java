package dev.todomesh.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded history in {@code src/test/resources/histories} against the current
 * workflow code. A change that fails here would fail the todos that are running on a cluster.
 */
class GoldenHistoriesTest {

  static Stream<Path> histories() throws IOException, URISyntaxException {
    return GoldenHistories.files().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void historyReplays(Path file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        file.toFile(), TodoWorkflowImpl.class, SessionWorkflowImpl.class);
  }

  @Test
  void everyScenarioHasAHistory() throws Exception {
    List<String> names =
        GoldenHistories.files().stream().map(file -> file.getFileName().toString()).toList();

    assertThat(names).containsAll(GoldenHistories.SCENARIOS);
  }

  @Test
  void historyBeforeVersioningHasNoMarker() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read(GoldenHistories.BEFORE_SEARCH_ATTRIBUTES);

    assertThat(eventTypes(history)).doesNotContain(EventType.EVENT_TYPE_MARKER_RECORDED);
    assertThat(eventTypes(history))
        .doesNotContain(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  }

  @Test
  void newerHistoryTakesVersionedPath() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read("completed.json");

    assertThat(eventTypes(history)).contains(EventType.EVENT_TYPE_MARKER_RECORDED);
    assertThat(eventTypes(history))
        .contains(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  }

  @Test
  void oldHistoryReportsEachCommand() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read(GoldenHistories.BEFORE_BATCHED_OUTPUTS);

    assertThat(scheduledActivities(history))
        .containsExactly(
            ActivityNames.PROJECT_TODO,
            ActivityNames.PUBLISH_TODO_EVENT,
            ActivityNames.PROJECT_TODO,
            ActivityNames.PUBLISH_TODO_EVENT);
    assertThat(markerDetails(history))
        .noneMatch(details -> details.contains(TodoWorkflowImpl.BATCHED_OUTPUTS));
  }

  @Test
  void batchedStepUsesOneLocalActivity() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read("batched.json");

    assertThat(scheduledActivities(history)).isEmpty();
    assertThat(markerDetails(history))
        .anyMatch(details -> details.contains(TodoWorkflowImpl.BATCHED_OUTPUTS));
    assertThat(markerDetails(history))
        .filteredOn(details -> details.contains(ActivityNames.RECORD_TODO_CHANGES))
        .hasSize(1);
  }

  @Test
  void unknownTodoRunCompletes() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read("unknown-todo-closed.json");

    assertThat(eventTypes(history))
        .endsWith(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(markerDetails(history))
        .anyMatch(details -> details.contains(TodoWorkflowImpl.CLOSE_UNKNOWN_TODO));
  }

  @Test
  void olderUnknownTodoRunKeepsWaiting() throws Exception {
    WorkflowExecutionHistory history = GoldenHistories.read(GoldenHistories.BEFORE_CLOSING_UNKNOWN);

    assertThat(eventTypes(history))
        .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(markerDetails(history))
        .noneMatch(details -> details.contains(TodoWorkflowImpl.CLOSE_UNKNOWN_TODO));
  }

  private static List<String> scheduledActivities(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** Returns each marker's name and details as text, enough to find change IDs and types. */
  private static List<String> markerDetails(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(event -> event.getMarkerRecordedEventAttributes().toString())
        .toList();
  }

  private static List<EventType> eventTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream().map(HistoryEvent::getEventType).toList();
  }

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
