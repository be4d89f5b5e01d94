package dev.todomesh.activities.readmodel;

import dev.todomesh.activities.status.CommandStatus;
import dev.todomesh.activities.status.CommandStatusStore;
import dev.todomesh.workflows.CommandRejection;
import dev.todomesh.workflows.TodoChange;
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
    boolean written = readModel.project(change.state());
    if (!written) {
      log.debug(
          "Projection skipped, stored version is newer or equal: todoId={} version={}",
          change.state().id(),
          change.state().version());
    }
    if (change.commandId() != null) {
      statuses.update(
          change.commandId(),
          change.state().id(),
          CommandStatus.APPLIED,
          change.state().version(),
          null);
    }
  }

  @Override
  public void recordRejection(CommandRejection rejection) {
    statuses.update(
        rejection.commandId(), rejection.todoId(), CommandStatus.REJECTED, null, rejection.reason());
  }
}
