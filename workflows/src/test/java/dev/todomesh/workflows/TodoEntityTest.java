package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.delete;
import static dev.todomesh.workflows.Commands.patch;
import static dev.todomesh.workflows.Commands.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TodoEntityTest {

  private final TodoEntity entity = new TodoEntity(TodoWorkflowInput.start("a", 10));

  @Test
  void firstUpsertCreatesTodo() {
    entity.apply(upsert("a", 1, "buy milk", false));

    TodoState state = entity.state();
    assertThat(state.title()).isEqualTo("buy milk");
    assertThat(state.completed()).isFalse();
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.createdAt()).isEqualTo(Commands.T0.plusSeconds(1));
  }

  @Test
  void laterUpsertKeepsCreationTime() {
    entity.apply(upsert("a", 1, "buy milk", false));
    entity.apply(upsert("a", 2, "buy oat milk", true));

    TodoState state = entity.state();
    assertThat(state.title()).isEqualTo("buy oat milk");
    assertThat(state.completed()).isTrue();
    assertThat(state.createdAt()).isEqualTo(Commands.T0.plusSeconds(1));
    assertThat(state.updatedAt()).isEqualTo(Commands.T0.plusSeconds(2));
    assertThat(state.lastCommandId()).isEqualTo("cmd-a-2");
    assertThat(state.version()).isEqualTo(2);
  }

  @Test
  void earlierPositionIsSkipped() {
    entity.apply(upsert("a", 5, "new", false));

    boolean applied = entity.apply(upsert("a", 4, "old", false));

    assertThat(applied).isFalse();
    assertThat(entity.state().title()).isEqualTo("new");
  }

  @Test
  void redeliveredCommandIsSkipped() {
    TodoCommand command = upsert("a", 1, "once", false);
    entity.apply(command);

    boolean applied = entity.apply(command);

    assertThat(applied).isFalse();
    assertThat(entity.state().version()).isEqualTo(1);
  }

  @Test
  void reenqueuedCommandIdIsSkipped() {
    TodoCommand original = upsert("a", 1, "once", false);
    entity.apply(original);
    TodoCommand reenqueued =
        new TodoCommand(
            original.commandId(),
            "a",
            CommandType.UPSERT,
            "twice",
            false,
            original.acceptedAt(),
            new StreamPosition(0, "99-0"));

    assertThat(entity.apply(reenqueued)).isFalse();
    assertThat(entity.state().title()).isEqualTo("once");
  }

  @Test
  void carryOverKeepsDeduplication() {
    entity.apply(upsert("a", 1, "one", false));
    TodoEntity next = new TodoEntity(entity.carryOver(List.of(), 10));

    assertThat(next.apply(upsert("a", 1, "one again", false))).isFalse();
    assertThat(next.apply(upsert("a", 2, "two", false))).isTrue();
    assertThat(next.state().version()).isEqualTo(2);
  }

  @Test
  void rememberedCommandIdsAreBounded() {
    for (int i = 1; i <= TodoEntity.RECENT_COMMAND_IDS + 10; i++) {
      entity.apply(upsert("a", i, "t" + i, false));
    }

    TodoWorkflowInput carried = entity.carryOver(List.of(), 10);

    assertThat(carried.recentCommandIds()).hasSize(TodoEntity.RECENT_COMMAND_IDS);
    assertThat(carried.recentCommandIds()).last().isEqualTo("cmd-a-" + (TodoEntity.RECENT_COMMAND_IDS + 10));
  }

  @Test
  void patchChangesOnlyGivenFields() {
    entity.apply(upsert("a", 1, "buy milk", false));

    ApplyResult result =
        entity.handle(patch("a", 2, new TodoPatch(null, true, 7, false, null, false)));

    assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED);
    assertThat(entity.state().title()).isEqualTo("buy milk");
    assertThat(entity.state().completed()).isTrue();
    assertThat(entity.state().order()).isEqualTo(7);
    assertThat(entity.state().version()).isEqualTo(2);
  }

  @Test
  void patchClearsOrder() {
    entity.apply(upsert("a", 1, "buy milk", false));
    entity.apply(patch("a", 2, new TodoPatch(null, null, 3, false, null, false)));

    entity.apply(patch("a", 3, new TodoPatch(null, null, null, true, null, false)));

    assertThat(entity.state().order()).isNull();
  }

  @Test
  void patchOfMissingTodoIsRejected() {
    ApplyResult result = entity.handle(patch("a", 1, Commands.completing()));

    assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
    assertThat(result.reason()).contains("does not exist");
    assertThat(entity.state()).isNull();
  }

  @Test
  void patchOfDeletedTodoIsRejected() {
    entity.apply(upsert("a", 1, "buy milk", false));
    entity.apply(delete("a", 2));

    ApplyResult result = entity.handle(patch("a", 3, Commands.completing()));

    assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
    assertThat(result.reason()).contains("was deleted");
    assertThat(entity.state().version()).isEqualTo(2);
  }

  @Test
  void deleteMarksTodoDeletedAndBumpsVersion() {
    entity.apply(upsert("a", 1, "buy milk", false));

    ApplyResult result = entity.handle(delete("a", 2));

    assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED);
    assertThat(entity.state().deleted()).isTrue();
    assertThat(entity.state().version()).isEqualTo(2);
  }

  @Test
  void upsertAfterDeleteCreatesTodoAgain() {
    entity.apply(upsert("a", 1, "old", false));
    entity.apply(delete("a", 2));

    entity.apply(upsert("a", 3, "new", false));

    assertThat(entity.state().deleted()).isFalse();
    assertThat(entity.state().title()).isEqualTo("new");
    assertThat(entity.state().createdAt()).isEqualTo(Commands.T0.plusSeconds(3));
    assertThat(entity.state().version()).isEqualTo(3);
  }

  @Test
  void redeliveredRejectedCommandIsDuplicate() {
    TodoCommand command = delete("a", 1);
    entity.handle(command);

    ApplyResult again = entity.handle(command);

    assertThat(again.outcome()).isEqualTo(ApplyResult.Outcome.DUPLICATE);
  }
}
