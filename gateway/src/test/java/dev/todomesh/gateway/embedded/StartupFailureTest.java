package dev.todomesh.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.embedded.DataDirectoryInUseException;
import dev.todomesh.embedded.EmbeddedRedis;
import dev.todomesh.embedded.Ports;
import dev.todomesh.gateway.TodoMeshApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user reads when the embedded mode cannot start. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @TempDir Path dataDir;

  @Test
  void dataDirectoryOfARunningProcessGivesAShortReport(CapturedOutput output) {
    // The application keeps Redis's files in the redis folder of its data directory.
    try (EmbeddedRedis running =
        EmbeddedRedis.start(Ports.findFree(), dataDir.resolve("redis"), "first")) {

      assertThatThrownBy(
              () ->
                  SpringApplication.run(
                      TodoMeshApplication.class,
                      "--server.port=0",
                      "--todo-mesh.embedded.data-dir=" + dataDir,
                      "--todo-mesh.embedded.redis-port=" + Ports.findFree(),
                      "--todo-mesh.embedded.temporal-port=" + Ports.findFree(),
                      "--todo-mesh.kafka.port=" + Ports.findFree()))
          .hasRootCauseInstanceOf(DataDirectoryInUseException.class);

      assertThat(output.getAll())
          .contains("APPLICATION FAILED TO START")
          .contains("is in use by another todo-mesh process")
          .contains("Give each process its own data directory");
    }
  }
}
