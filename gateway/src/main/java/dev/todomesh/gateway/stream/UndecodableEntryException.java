package dev.todomesh.gateway.stream;

/** Thrown when a stream entry is not a valid command; the entry goes to the dead-letter stream. */
public final class UndecodableEntryException extends RuntimeException {

  public UndecodableEntryException(String reason) {
    super(reason);
  }
}
