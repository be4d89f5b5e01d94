package dev.todomesh.gateway.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todomesh.workflows.TodoWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes workflow histories in Temporal's JSON history format, the format that
 * Temporal UI downloads and {@code temporal workflow show --output json} prints:
 * {@code {"events": [...]}}.
 *
 * <p>Several runs of one workflow (a continue-as-new chain) are written as a JSON array of such
 * documents, oldest run first. {@link #parse} accepts either form.
 */
public final class HistoryDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Workflow ID used when a history does not contain one. */
  static final String UNKNOWN_WORKFLOW_ID = "unknown";

  private HistoryDocuments() {}

  /** Writes one run's history as a standard history document. */
  public static String toJson(WorkflowExecutionHistory history) {
    return history.toJson(true);
  }

  /** Writes several runs' histories as a JSON array of standard history documents. */
  public static String toJsonArray(List<WorkflowExecutionHistory> histories) {
    List<String> documents = histories.stream().map(HistoryDocuments::toJson).toList();
    return "[\n" + String.join(",\n", documents) + "\n]\n";
  }

  /**
   * Parses one history document or a JSON array of them.
   *
   * @throws IllegalArgumentException when the text is invalid JSON or an element is not a history document
   */
  public static List<WorkflowExecutionHistory> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !(root.isArray() || root.isObject())) {
      throw new IllegalArgumentException(
          "expected a history object {\"events\": [...]} or an array of them");
    }
    List<JsonNode> documents = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(documents::add);
    } else {
      documents.add(root);
    }
    List<WorkflowExecutionHistory> histories = new ArrayList<>();
    for (JsonNode document : documents) {
      histories.add(parseOne(document));
    }
    return histories;
  }

  private static WorkflowExecutionHistory parseOne(JsonNode document) {
    JsonNode events = document.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      throw new IllegalArgumentException(
          "a history document needs a non-empty \"events\" array; got fields "
              + fieldNames(document));
    }
    String text;
    try {
      text = JSON.writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    WorkflowExecutionHistory anonymous = WorkflowExecutionHistory.fromJson(text);
    String workflowId = workflowIdOf(anonymous).orElse(UNKNOWN_WORKFLOW_ID);
    return WorkflowExecutionHistory.fromJson(text, workflowId);
  }

  /**
   * Returns the workflow ID of a history: the ID field of its start event when the server set
   * it, else the ID a todo workflow derives from the todo ID in its input.
   */
  public static Optional<String> workflowIdOf(WorkflowExecutionHistory history) {
    WorkflowExecutionStartedEventAttributes started = startedAttributes(history);
    if (started == null) {
      return Optional.empty();
    }
    if (!started.getWorkflowId().isEmpty()) {
      return Optional.of(started.getWorkflowId());
    }
    if (!TodoWorkflow.TYPE.equals(started.getWorkflowType().getName())
        || started.getInput().getPayloadsCount() == 0) {
      return Optional.empty();
    }
    Payload input = started.getInput().getPayloads(0);
    try {
      JsonNode todoId = JSON.readTree(input.getData().toString(StandardCharsets.UTF_8)).get("todoId");
      if (todoId == null || !todoId.isTextual()) {
        return Optional.empty();
      }
      return Optional.of(TodoWorkflow.workflowId(todoId.asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Returns the run ID recorded in the start event, or empty when the server did not set it. */
  public static Optional<String> runIdOf(WorkflowExecutionHistory history) {
    WorkflowExecutionStartedEventAttributes started = startedAttributes(history);
    if (started == null || started.getOriginalExecutionRunId().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(started.getOriginalExecutionRunId());
  }

  /** Returns the run this one continued from, or empty for the first run of a workflow. */
  public static Optional<String> previousRunIdOf(WorkflowExecutionHistory history) {
    WorkflowExecutionStartedEventAttributes started = startedAttributes(history);
    if (started == null || started.getContinuedExecutionRunId().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(started.getContinuedExecutionRunId());
  }

  private static WorkflowExecutionStartedEventAttributes startedAttributes(
      WorkflowExecutionHistory history) {
    if (history.getEvents().isEmpty()) {
      return null;
    }
    HistoryEvent first = history.getEvents().get(0);
    return first.hasWorkflowExecutionStartedEventAttributes()
        ? first.getWorkflowExecutionStartedEventAttributes()
        : null;
  }

  private static List<String> fieldNames(JsonNode document) {
    List<String> names = new ArrayList<>();
    document.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
