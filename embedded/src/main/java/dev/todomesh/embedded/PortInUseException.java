package dev.todomesh.embedded;

/** Thrown at start-up when an embedded server's port is already taken by another process. */
public final class PortInUseException extends IllegalStateException {

  public PortInUseException(String server, int port, String setting) {
    super(
        server
            + " cannot start: port "
            + port
            + " on 127.0.0.1 is already in use. Stop the process that holds it or choose another"
            + " port with the setting "
            + setting);
  }
}
