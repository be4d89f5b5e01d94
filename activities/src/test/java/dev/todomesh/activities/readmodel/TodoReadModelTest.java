package dev.todomesh.activities.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.workflows.TodoState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TodoReadModelTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private TodoReadModel readModel;

  @BeforeEach
  void createReadModel() {
    readModel = new TodoReadModel(redis.client(), "test", Duration.ofHours(1));
  }

  @Test
  void lateProjectionDoesNotRegressState() {
    readModel.project(todo("a", 1, 2, "new", null));

    boolean written = readModel.project(todo("a", 1, 1, "old", null));

    assertThat(written).isFalse();
    assertThat(find("a").title()).isEqualTo("new");
    assertThat(find("a").version()).isEqualTo(2);
  }

  @Test
  void lateProjectionDoesNotResurrectDeletedTodo() {
    readModel.project(todo("a", 1, 1, "t", null));
    readModel.project(deleted(todo("a", 1, 2, "t", null)));

    readModel.project(todo("a", 1, 1, "t", null));

    assertThat(find("a")).isNull();
    assertThat(list(null, null, null, 10).todos()).isEmpty();
  }

  @Test
  void listKeepsCreationOrderAcrossUpdates() {
    readModel.project(todo("b", 1, 1, "first", null));
    readModel.project(todo("a", 2, 1, "second", null));

    readModel.project(todo("b", 1, 2, "first, updated", null));

    assertThat(list(null, null, null, 10).todos())
        .extracting(TodoState::id)
        .containsExactly("b", "a");
  }

  @Test
  void listFiltersByCompletedAndSession() {
    readModel.project(todo("a", 1, 1, "open", "s1"));
    readModel.project(completed(todo("b", 2, 1, "done", "s1")));
    readModel.project(todo("c", 3, 1, "other session", "s2"));

    assertThat(list(null, true, null, 10).todos()).extracting(TodoState::id).containsExactly("b");
    assertThat(list("s1", false, null, 10).todos()).extracting(TodoState::id).containsExactly("a");
    assertThat(list("s2", null, null, 10).todos()).extracting(TodoState::id).containsExactly("c");
  }

  @Test
  void lastPageHasNoCursor() {
    readModel.project(todo("a", 1, 1, "t", null));

    TodoPage page = list(null, null, null, 10);

    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void paginationSeesEachTodoOnceUnderConcurrentWrites() throws Exception {
    int todos = 60;
    for (int i = 0; i < todos; i++) {
      readModel.project(todo("t" + i, i, 1, "v1", null));
    }
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<?> updates =
        writer.submit(
            () -> {
              for (int version = 2; version <= 5; version++) {
                for (int i = 0; i < todos; i++) {
                  readModel.project(todo("t" + i, i, version, "v" + version, null));
                }
              }
            });

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      TodoPage page = list(null, null, cursor, 7);
      page.todos().forEach(todo -> seen.add(todo.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    updates.get();
    writer.shutdown();

    assertThat(seen).hasSize(todos).doesNotHaveDuplicates();
  }

  @Test
  void foreignCursorIsRejected() {
    assertThatThrownBy(() -> readModel.listAsync(null, null, "bm90LWEtY3Vyc29y", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor");
  }

  private TodoState find(String id) {
    return readModel.findAsync(id).toCompletableFuture().join();
  }

  private TodoPage list(String sessionId, Boolean completed, String cursor, int limit) {
    return readModel.listAsync(sessionId, completed, cursor, limit).toCompletableFuture().join();
  }

  private static TodoState todo(String id, int createdSecond, long version, String title, String session) {
    Instant created = T0.plusSeconds(createdSecond);
    return new TodoState(
        id, title, false, created, created.plusSeconds(version), "cmd-" + version, version, null,
        null, session, false, null);
  }

  private static TodoState completed(TodoState s) {
    return new TodoState(
        s.id(), s.title(), true, s.createdAt(), s.updatedAt(), s.lastCommandId(), s.version(),
        s.order(), s.dueAt(), s.sessionId(), false, null);
  }

  private static TodoState deleted(TodoState s) {
    return new TodoState(
        s.id(), s.title(), s.completed(), s.createdAt(), s.updatedAt(), s.lastCommandId(),
        s.version(), s.order(), s.dueAt(), s.sessionId(), true, null);
  }
}
