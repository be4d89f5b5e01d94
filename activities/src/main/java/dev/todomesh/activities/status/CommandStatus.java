package dev.todomesh.activities.status;

import java.util.Arrays;
import java.util.Optional;

/**
 * Progress of a command from the API to its todo's workflow. A stored status is only replaced
 * by one of higher rank, so a late writer of an earlier status cannot hide a later one.
 */
public enum CommandStatus {
  /** Stored in its command stream. */
  ACCEPTED("accepted", 0),
  /** Delivered to its todo's workflow, not yet applied. */
  DISPATCHED("dispatched", 1),
  /** Held back by the pump; applied later or dead-lettered. */
  PARKED("parked", 2),
  /** Applied; the todo's version after it is recorded. */
  APPLIED("applied", 3),
  /** Refused by the todo's workflow because it broke a business rule; the reason is recorded. */
  REJECTED("rejected", 3),
  /** Given up on by the pump and moved to the dead-letter stream. */
  DEAD_LETTERED("dead-lettered", 3);

  private final String wireName;
  private final int rank;

  CommandStatus(String wireName, int rank) {
    this.wireName = wireName;
    this.rank = rank;
  }

  public String wireName() {
    return wireName;
  }

  int rank() {
    return rank;
  }

  /** Returns true for a status that no later status replaces. */
  public boolean isFinal() {
    return rank == 3;
  }

  public static Optional<CommandStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
  }
}
