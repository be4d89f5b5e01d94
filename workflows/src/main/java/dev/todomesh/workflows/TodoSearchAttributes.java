package dev.todomesh.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Search attributes and memo that a todo's workflow keeps up to date, so that Temporal UI and
 * {@code temporal workflow list --query} can find todos by status, due time, session or the last
 * command applied.
 *
 * <p><b>Each attribute must be registered in the namespace before a workflow upserts it.</b> A
 * Temporal server rejects an upsert of an unknown attribute by failing the workflow task, and
 * retries that task until the attribute exists, so the todo applies nothing meanwhile. The
 * embedded mode registers them at start; on a cluster, create them with {@code temporal operator
 * search-attribute create}.
 */
public final class TodoSearchAttributes {

  /** {@code open}, {@code completed} or {@code deleted}. */
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("TodoStatus");

  /** Command ID of the last command applied to the todo. */
  public static final SearchAttributeKey<String> LAST_COMMAND_ID =
      SearchAttributeKey.forKeyword("TodoLastCommandId");

  /** Time the todo's reminder is due; unset when the todo has no due time. */
  public static final SearchAttributeKey<OffsetDateTime> DUE_AT =
      SearchAttributeKey.forOffsetDateTime("TodoDueAt");

  /** Client session that created the todo; unset when it has none. */
  public static final SearchAttributeKey<String> SESSION_ID =
      SearchAttributeKey.forKeyword("TodoSessionId");

  /** Memo field with the todo's current title. */
  public static final String TITLE_MEMO = "title";

  /** Change ID of {@link Workflow#getVersion} for the first upsert of these attributes. */
  static final String CHANGE_ID = "search-attributes";

  private TodoSearchAttributes() {}

  /** Returns every attribute with its type, in the form the operator API registers them. */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> definitions = new LinkedHashMap<>();
    definitions.put(STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    definitions.put(LAST_COMMAND_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    definitions.put(DUE_AT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    definitions.put(SESSION_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return definitions;
  }

  /**
   * Upserts the attributes and the title memo for the todo's state. Called from workflow code
   * after each applied command.
   *
   * <p>Runs recorded before this upsert existed replay without it: {@link Workflow#getVersion}
   * returns {@link Workflow#DEFAULT_VERSION} for them, and the upsert is skipped, because adding
   * a command to their history would make replay fail.
   */
  static void upsert(TodoState state) {
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION || state == null) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(
        STATUS.valueSet(status(state)),
        LAST_COMMAND_ID.valueSet(state.lastCommandId()),
        state.dueAt() == null
            ? DUE_AT.valueUnset()
            : DUE_AT.valueSet(state.dueAt().atOffset(ZoneOffset.UTC)),
        state.sessionId() == null ? SESSION_ID.valueUnset() : SESSION_ID.valueSet(state.sessionId()));
    if (state.title() != null) {
      Workflow.upsertMemo(Map.of(TITLE_MEMO, state.title()));
    }
  }

  /** Returns the {@code TodoStatus} value of a state: open, completed or deleted. */
  public static String status(TodoState state) {
    if (state.deleted()) {
      return "deleted";
    }
    return state.completed() ? "completed" : "open";
  }
}
