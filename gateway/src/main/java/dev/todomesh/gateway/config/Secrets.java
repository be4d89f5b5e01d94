package dev.todomesh.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a secret given inline or as a file, such as a container secret. */
final class Secrets {

  private Secrets() {}

  /**
   * Returns the file's content without surrounding whitespace when {@code file} is set, else the
   * inline value; null when neither is set.
   *
   * @param setting the settings' name prefix, for the error message
   * @throws IllegalArgumentException when both are set
   */
  static String read(String inline, Path file, String setting) {
    boolean hasInline = inline != null && !inline.isBlank();
    if (hasInline && file != null) {
      throw new IllegalArgumentException(
          "Both " + setting + " and " + setting + "-file are set: keep only one of them");
    }
    if (file == null) {
      return hasInline ? inline : null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading " + setting + "-file '" + file + "' failed: " + e.getMessage(), e);
    }
  }
}
