package dev.todomesh.gateway.history;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Fetches the histories of a workflow's runs from Temporal. */
public final class WorkflowHistories {

  /**
   * Maximum number of runs returned for one workflow. A todo's run applies up to {@code
   * continue-as-new-after} commands, so this bounds the size of one export.
   */
  public static final int MAX_RUNS = 100;

  private final WorkflowClient client;

  public WorkflowHistories(WorkflowClient client) {
    this.client = client;
  }

  /** Returns the history of the workflow's latest run, or empty when there is no such workflow. */
  public Optional<WorkflowExecutionHistory> latestRun(String workflowId) {
    return fetch(workflowId, "");
  }

  /** Returns the history of one run, or empty when the workflow has no run with that ID. */
  public Optional<WorkflowExecutionHistory> run(String workflowId, String runId) {
    return fetch(workflowId, runId);
  }

  /**
   * Returns the histories of the workflow's runs, oldest first, following each run's link to
   * the run it continued from; empty when there is no such workflow. Only the latest {@link
   * #MAX_RUNS} runs are returned.
   */
  public List<WorkflowExecutionHistory> allRuns(String workflowId) {
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
