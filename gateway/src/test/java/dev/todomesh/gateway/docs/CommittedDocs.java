package dev.todomesh.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a generated document with its committed copy under docs/, or rewrites the copy when
 * the build runs with {@code -Dtodo-mesh.docs.write=true}.
 */
final class CommittedDocs {

  static final String WRITE_PROPERTY = "todo-mesh.docs.write";

  /** The tests run in the gateway module's directory; docs/ is in the repository root. */
  static final Path DOCS = Path.of("..", "docs");

  private CommittedDocs() {}

  static void check(String fileName, String generated, String testName) throws IOException {
    Path committed = DOCS.resolve(fileName);
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      Files.writeString(committed, generated, StandardCharsets.UTF_8);
      return;
    }
    String current =
        Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
    assertThat(current)
        .as(
            "docs/%s is stale. Regenerate it with: ./mvnw -q -B -pl gateway -am verify"
                + " -Dtest=%s -Dsurefire.failIfNoSpecifiedTests=false -D%s=true",
            fileName,
            testName,
            WRITE_PROPERTY)
        .isEqualTo(generated);
  }
}
