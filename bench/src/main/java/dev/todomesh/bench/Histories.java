package dev.todomesh.bench;

import dev.todomesh.workflows.TodoWorkflow;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the history events that todo workflows recorded per command. */
final class Histories {

  private Histories() {}

  /**
   * Returns history events per command over up to {@code sampleSize} todos of {@code todoIds},
   * in order of first appearance, or NaN when no todo qualifies. Todos with {@code
   * continueAsNewAfter} commands or more are left out, because their earlier runs' histories
   * are not in the current run's.
   */
  static double eventsPerCommand(
      WorkflowClient client, List<String> todoIds, int sampleSize, int continueAsNewAfter) {
    Map<String, Integer> commandsByTodo = new LinkedHashMap<>();
    for (String todoId : todoIds) {
      commandsByTodo.merge(todoId, 1, Integer::sum);
    }
    long events = 0;
    long commands = 0;
    int sampled = 0;
    for (Map.Entry<String, Integer> todo : commandsByTodo.entrySet()) {
      if (sampled == sampleSize) {
        break;
      }
      if (todo.getValue() >= continueAsNewAfter) {
        continue;
      }
      events += client.fetchHistory(TodoWorkflow.workflowId(todo.getKey())).getEvents().size();
      commands += todo.getValue();
      sampled++;
    }
    return commands == 0 ? Double.NaN : (double) events / commands;
  }
}
