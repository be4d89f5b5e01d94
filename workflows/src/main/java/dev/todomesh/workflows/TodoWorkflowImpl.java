package dev.todomesh.workflows;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * Applies a todo's commands one at a time and continues as new before its history grows large.
 *
 * <p>Commands that arrive while the run is switching to a new one are not lost: whatever is
 * still queued is carried in the next run's input and applied first.
 */
public final class TodoWorkflowImpl implements TodoWorkflow {

  private static final Logger log = Workflow.getLogger(TodoWorkflowImpl.class);

  private final TodoEntity entity;
  private final Deque<TodoCommand> inbox = new ArrayDeque<>();
  private final int continueAsNewAfter;
  private int appliedThisRun;

  @WorkflowInit
  public TodoWorkflowImpl(TodoWorkflowInput input) {
    this.entity = new TodoEntity(input);
    this.continueAsNewAfter = input.continueAsNewAfter();
    inbox.addAll(input.pending());
  }

  @Override
  public void run(TodoWorkflowInput input) {
    while (true) {
      Workflow.await(() -> !inbox.isEmpty() || shouldContinueAsNew());
      while (!inbox.isEmpty()) {
        applyOne(inbox.removeFirst());
      }
      if (shouldContinueAsNew()) {
        // Signal handlers only queue, but waiting for them keeps this safe if one ever awaits.
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info(
            "Continuing as new: todoId={} appliedThisRun={} carriedPending={}",
            input.todoId(),
            appliedThisRun,
            inbox.size());
        Workflow.continueAsNew(entity.carryOver(new ArrayList<>(inbox), continueAsNewAfter));
      }
    }
  }

  @Override
  public void apply(CommandBatch batch) {
    inbox.addAll(batch.commands());
  }

  @Override
  public TodoState state() {
    return entity.state();
  }

  @Override
  public RecentCommands recentCommands() {
    return new RecentCommands(entity.recentCommandIds());
  }

  private void applyOne(TodoCommand command) {
    if (entity.apply(command)) {
      appliedThisRun++;
    } else {
      log.info(
          "Skipped duplicate command: todoId={} commandId={} entryId={}",
          command.todoId(),
          command.commandId(),
          command.source().entryId());
    }
  }

  private boolean shouldContinueAsNew() {
    return appliedThisRun >= continueAsNewAfter || Workflow.getInfo().isContinueAsNewSuggested();
  }
}
