package dev.todomesh.gateway.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todomesh.workflows.TodoSearchAttributes;
import dev.todomesh.workflows.TodoWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds a command in its todo's workflow histories, newest run first.
 *
 * <p>The lookup reads every run's history until it finds the command, so its cost grows with
 * the number of runs; {@link WorkflowHistories#MAX_RUNS} bounds it.
 */
public final class CommandTraces {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkflowHistories histories;

  public CommandTraces(WorkflowHistories histories) {
    this.histories = histories;
  }

  /** Returns where the command is in the todo's histories, or empty when no run received it. */
  public Optional<CommandTrace> find(String todoId, String commandId) {
    return find(todoId, commandId, null);
  }

  /**
   * Like {@link #find(String, String)}, looking first in the run {@code runId} when it is not
   * null. A completed run of a todo that was never created is not linked from later runs, so
   * only its ID, kept with the command's status, leads to it.
   */
  public Optional<CommandTrace> find(String todoId, String commandId, String runId) {
    if (runId != null) {
      Optional<CommandTrace> trace =
          histories
              .run(TodoWorkflow.workflowId(todoId), runId)
              .flatMap(run -> findInRun(todoId, commandId, run));
      if (trace.isPresent()) {
        return trace;
      }
    }
    List<WorkflowExecutionHistory> runs = histories.allRuns(TodoWorkflow.workflowId(todoId));
    for (int i = runs.size() - 1; i >= 0; i--) {
      Optional<CommandTrace> trace = findInRun(todoId, commandId, runs.get(i));
      if (trace.isPresent()) {
        return trace;
      }
    }
    return Optional.empty();
  }

  private static Optional<CommandTrace> findInRun(
      String todoId, String commandId, WorkflowExecutionHistory run) {
    List<HistoryEvent> events = run.getEvents();
    for (int i = 0; i < events.size(); i++) {
      Optional<JsonNode> command = commandIn(events.get(i), commandId);
      if (command.isEmpty()) {
        continue;
      }
      JsonNode source = command.get().path("source");
      return Optional.of(
          new CommandTrace(
              commandId,
              todoId,
              TodoWorkflow.workflowId(todoId),
              HistoryDocuments.runIdOf(run).orElse(""),
              source.path("partition").asInt(),
              source.path("entryId").asText(null),
              event(events.get(i)),
              appliedAfter(events, i, commandId).map(CommandTraces::event).orElse(null)));
    }
    return Optional.empty();
  }

  /**
   * Returns the command with this ID from an {@code apply} signal's batch, or from the commands
   * that a run's start event carries over from the previous run.
   */
  private static Optional<JsonNode> commandIn(HistoryEvent event, String commandId) {
    JsonNode commands;
    if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
        && TodoWorkflow.APPLY_SIGNAL.equals(
            event.getWorkflowExecutionSignaledEventAttributes().getSignalName())) {
      commands = firstPayload(event.getWorkflowExecutionSignaledEventAttributes().getInput())
          .path("commands");
    } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      commands = firstPayload(event.getWorkflowExecutionStartedEventAttributes().getInput())
          .path("pending");
    } else {
      return Optional.empty();
    }
    for (JsonNode command : commands) {
      if (commandId.equals(command.path("commandId").asText())) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the event that shows the command applied or rejected: the local activity marker of
   * the step that reported it, or, in runs recorded before steps were reported together, the
   * search attribute upsert naming it as the last command.
   */
  private static Optional<HistoryEvent> appliedAfter(
      List<HistoryEvent> events, int from, String commandId) {
    for (int i = from + 1; i < events.size(); i++) {
      HistoryEvent event = events.get(i);
      if (reportsCommand(event, commandId) || namesLastCommand(event, commandId)) {
        return Optional.of(event);
      }
    }
    return Optional.empty();
  }

  private static boolean reportsCommand(HistoryEvent event, String commandId) {
    if (event.getEventType() != EventType.EVENT_TYPE_MARKER_RECORDED) {
      return false;
    }
    Payloads input = event.getMarkerRecordedEventAttributes().getDetailsMap().get("input");
    if (input == null) {
      return false;
    }
    JsonNode batch = firstPayload(input);
    for (String outcomes : List.of("changes", "rejections")) {
      for (JsonNode outcome : batch.path(outcomes)) {
        if (commandId.equals(outcome.path("commandId").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean namesLastCommand(HistoryEvent event, String commandId) {
    if (event.getEventType() != EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
      return false;
    }
    Payload value =
        event
            .getUpsertWorkflowSearchAttributesEventAttributes()
            .getSearchAttributes()
            .getIndexedFieldsMap()
            .get(TodoSearchAttributes.LAST_COMMAND_ID.getName());
    return value != null && commandId.equals(decodeString(value));
  }

  private static JsonNode firstPayload(Payloads payloads) {
    if (payloads.getPayloadsCount() == 0) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(payloads.getPayloads(0).getData().toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A payload that is not JSON cannot hold a todo command.
      return JSON.missingNode();
    }
  }

  private static String decodeString(Payload payload) {
    try {
      return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static CommandTrace.Event event(HistoryEvent event) {
    return new CommandTrace.Event(
        event.getEventId(),
        event.getEventType().name().replaceFirst("^EVENT_TYPE_", ""),
        Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos()));
  }
}
