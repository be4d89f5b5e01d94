package dev.todomesh.workflows;

/**
 * Outcome of one command in its todo's workflow.
 *
 * @param reason why the command was rejected, for {@link Outcome#REJECTED}; otherwise null
 */
public record ApplyResult(Outcome outcome, String reason) {

  /** Fate of a command. */
  public enum Outcome {
    /** The command changed the todo and its version grew by one. */
    APPLIED,
    /** The command broke a business rule; the todo is unchanged. */
    REJECTED,
    /** The command was applied or rejected before; it is ignored. */
    DUPLICATE
  }

  static final ApplyResult APPLIED = new ApplyResult(Outcome.APPLIED, null);
  static final ApplyResult DUPLICATE = new ApplyResult(Outcome.DUPLICATE, null);

  static ApplyResult rejected(String reason) {
    return new ApplyResult(Outcome.REJECTED, reason);
  }
}
