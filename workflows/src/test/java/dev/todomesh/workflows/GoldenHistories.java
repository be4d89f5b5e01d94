package dev.todomesh.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The recorded histories under {@code src/test/resources/histories}. */
final class GoldenHistories {

  /** Resource folder of the histories, and their source folder when recording. */
  static final String FOLDER = "histories";

  static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", FOLDER);

  /**
   * History recorded before the workflow upserted search attributes. It must never be recorded
   * again: it stands for the todos that were already running when that change was deployed.
   */
  static final String BEFORE_SEARCH_ATTRIBUTES = "before-search-attributes.json";

  /**
   * History recorded before the workflow reported each step with one local activity: it calls
   * {@code ProjectTodo} and {@code PublishTodoEvent} for every command. Never recorded again.
   */
  static final String BEFORE_BATCHED_OUTPUTS = "before-batched-outputs.json";

  /**
   * History recorded before the run of a todo that was never created completed: a patch of an
   * unknown todo is rejected, the run keeps waiting, and a later create applies in the same run.
   * Never recorded again.
   */
  static final String BEFORE_CLOSING_UNKNOWN = "before-closing-unknown-todos.json";

  /** Histories that stand for code that no longer exists; recording skips them. */
  static final List<String> FROZEN =
      List.of(BEFORE_SEARCH_ATTRIBUTES, BEFORE_BATCHED_OUTPUTS, BEFORE_CLOSING_UNKNOWN);

  /** File names of the scenarios that {@link GoldenHistoryRecorder} records. */
  static final List<String> SCENARIOS =
      List.of(
          "created.json",
          "updated.json",
          "completed.json",
          "duplicate-skipped.json",
          "continued-as-new-first-run.json",
          "continued-as-new-second-run.json",
          "patched.json",
          "deleted.json",
          "unknown-todo-closed.json",
          "batched.json",
          "reminded.json",
          "session-expired.json",
          BEFORE_SEARCH_ATTRIBUTES,
          BEFORE_BATCHED_OUTPUTS,
          BEFORE_CLOSING_UNKNOWN);

  private GoldenHistories() {}

  /** Returns every history file on the test class path, sorted by name. */
  static List<Path> files() throws IOException, URISyntaxException {
    URL folder = GoldenHistories.class.getClassLoader().getResource(FOLDER);
    if (folder == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Reads one history by file name. */
  static WorkflowExecutionHistory read(String name) throws IOException, URISyntaxException {
    URL file = GoldenHistories.class.getClassLoader().getResource(FOLDER + "/" + name);
    if (file == null) {
      throw new IllegalArgumentException("no recorded history " + FOLDER + "/" + name);
    }
    return WorkflowExecutionHistory.fromJson(Files.readString(Path.of(file.toURI())));
  }
}
