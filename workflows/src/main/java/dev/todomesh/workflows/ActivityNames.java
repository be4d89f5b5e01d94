package dev.todomesh.workflows;

/**
 * Wire names of the activities that workflows call. The activity interfaces live in the
 * activities module, which depends on this one, so workflows call them by these names through
 * untyped stubs. The names appear in recorded histories and in Temporal UI: renaming one breaks
 * replay of running workflows.
 */
public final class ActivityNames {

  /** Writes a {@link TodoChange} to the read model and marks its command applied. */
  public static final String PROJECT_TODO = "ProjectTodo";

  /** Marks a command rejected, with a {@link CommandRejection}. */
  public static final String RECORD_REJECTION = "RecordRejection";

  /** Appends a {@link TodoChange} to the todo event log. */
  public static final String PUBLISH_TODO_EVENT = "PublishTodoEvent";

  /**
   * Reports a {@link TodoChangeBatch}: projects the newest state, marks its commands applied or
   * rejected, and appends one event per change. Runs as a local activity.
   */
  public static final String RECORD_TODO_CHANGES = "RecordTodoChanges";

  /** Signals a session workflow with a {@link SessionTouch}, starting it when needed. */
  public static final String TOUCH_SESSION = "TouchSession";

  private ActivityNames() {}
}
