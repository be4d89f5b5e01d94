package dev.todomesh.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.embedded.DataDirectoryInUseException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * What a user reads when the embedded mode cannot start. The analyzers are called directly:
 * with a failed application start inside the shared test JVM, requests of the web tests that ran
 * after it hung until their timeout in two of three full runs.
 */
class StartupFailureTest {

  @Test
  void heldDataDirectoryGivesShortReport() {
    Path dir = Path.of("/tmp/todo-mesh-data/redis");
    BeanCreationException failure =
        new BeanCreationException(
            "redissonClient", "start failed", new DataDirectoryInUseException(dir));

    FailureAnalysis analysis = new DataDirectoryInUseFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .contains(dir.toString())
        .contains("is in use by another todo-mesh process");
    assertThat(analysis.getAction())
        .contains("--todo-mesh.embedded.data-dir")
        .contains("--todo-mesh.redis.url");
  }

  @Test
  void analyzersAreRegisteredWithSpringBoot() {
    // Analyzers that need constructor arguments cannot be made here; they are not under test.
    SpringFactoriesLoader.FailureHandler skipThem = (type, implementation, failure) -> {};

    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, null, skipThem))
        .hasAtLeastOneElementOfType(DataDirectoryInUseFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(PortInUseFailureAnalyzer.class);
  }
}
