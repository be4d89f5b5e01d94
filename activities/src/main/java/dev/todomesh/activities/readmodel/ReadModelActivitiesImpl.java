package dev.todomesh.activities.readmodel;

import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.workflows.CommandRejection;
import dev.todomesh.workflows.TodoChange;
import dev.todomesh.workflows.TodoState;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects todo changes into {@link TodoReadModel}. The command is marked applied only after
 * the state is stored, so a client that sees {@code applied} also reads its write from the read
 * model.
 */
public final class ReadModelActivitiesImpl implements ReadModelActivities {

  private static final Logger log = LoggerFactory.getLogger(ReadModelActivitiesImpl.class);

  private final TodoReadModel readModel;
  private final CommandStatusStore statuses;

  public ReadModelActivitiesImpl(TodoReadModel readModel, CommandStatusStore statuses) {
    this.readModel = readModel;
    this.statuses = statuses;
  }

  @Override
  public void project(TodoChange change) {
    projectAll(List.of(change));
  }

  /**
   * Stores the newest state of the changes, then marks each change's command applied with the
   * version it produced. The changes must belong to one todo and be in version order.
   */
  public void projectAll(List<TodoChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    TodoState newest = changes.get(changes.size() - 1).state();
    boolean written = readModel.project(newest);
    if (!written) {
      log.debug(
          "Projection skipped, stored version is newer or equal: todoId={} version={}",
          newest.id(),
          newest.version());
    }
    // Sent together and awaited together: the statuses are independent, so a busy todo's step
    // pays about one round trip for them rather than one per command.
    CompletableFuture<?>[] updates =
        changes.stream()
            .filter(change -> change.commandId() != null)
            .map(
                change ->
                    statuses
                        .updateAsync(
                            change.commandId(),
                            change.state().id(),
                            CommandStatus.APPLIED,
                            change.state().version(),
                            null)
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(updates).join();
  }

  @Override
  public void recordRejection(CommandRejection rejection) {
    recordRejection(rejection, Activity.getExecutionContext().getInfo().getRunId());
  }

  /** Marks the command rejected by the workflow run {@code runId}. */
  public void recordRejection(CommandRejection rejection, String runId) {
    statuses.rejected(rejection.commandId(), rejection.todoId(), rejection.reason(), runId);
  }
}
