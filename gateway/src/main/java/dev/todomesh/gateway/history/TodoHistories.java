package dev.todomesh.gateway.history;

import dev.todomesh.workflows.TodoWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Fetches the histories of a todo's workflow runs from Temporal. */
public final class TodoHistories {

  /**
   * Most runs returned for one todo. Each run holds up to {@code continue-as-new-after} commands,
   * so this bounds the size of one answer.
   */
  public static final int MAX_RUNS = 100;

  private final WorkflowClient client;

  public TodoHistories(WorkflowClient client) {
    this.client = client;
  }

  /** Returns the history of the todo's latest run, or empty when the todo has no workflow. */
  public Optional<WorkflowExecutionHistory> latestRun(String todoId) {
    return fetch(TodoWorkflow.workflowId(todoId), "");
  }

  /** Returns the history of one run, or empty when the todo has no run with that ID. */
  public Optional<WorkflowExecutionHistory> run(String todoId, String runId) {
    return fetch(TodoWorkflow.workflowId(todoId), runId);
  }

  /**
   * Returns the histories of the todo's runs, oldest first, following each run's link to the
   * run it continued from; empty when the todo has no workflow. At most {@link #MAX_RUNS} of the
   * latest runs are returned.
   */
  public List<WorkflowExecutionHistory> allRuns(String todoId) {
    String workflowId = TodoWorkflow.workflowId(todoId);
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    Optional<WorkflowExecutionHistory> run = fetch(workflowId, "");
    while (run.isPresent() && runs.size() < MAX_RUNS) {
      runs.add(run.get());
      Optional<String> previous = HistoryDocuments.previousRunIdOf(run.get());
      run = previous.isPresent() ? fetch(workflowId, previous.get()) : Optional.empty();
    }
    Collections.reverse(runs);
    return runs;
  }

  private Optional<WorkflowExecutionHistory> fetch(String workflowId, String runId) {
    try {
      WorkflowExecutionHistory history =
          runId.isEmpty()
              ? client.fetchHistory(workflowId)
              : client.fetchHistory(workflowId, runId);
      WorkflowExecutionHistory named =
          new WorkflowExecutionHistory(history.getHistory(), workflowId);
      return named.getEvents().isEmpty() ? Optional.empty() : Optional.of(named);
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
