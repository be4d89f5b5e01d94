package dev.todomesh.embedded;

import java.nio.file.Path;

/** Thrown at start-up when another process has locked the embedded Redis data directory. */
public final class DataDirectoryInUseException extends IllegalStateException {

  public DataDirectoryInUseException(Path dir) {
    super(
        "Embedded Redis cannot start: its data directory "
            + dir
            + " is in use by another todo-mesh process.");
  }
}
