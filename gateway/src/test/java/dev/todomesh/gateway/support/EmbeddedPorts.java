package dev.todomesh.gateway.support;

import dev.todomesh.embedded.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the embedded servers of a Spring test at free ports and a fresh data directory. */
public final class EmbeddedPorts {

  private EmbeddedPorts() {}

  public static void register(DynamicPropertyRegistry registry) {
    int redisPort = Ports.findFree();
    int temporalPort = Ports.findFree();
    String dataDir;
    try {
      dataDir = Files.createTempDirectory("todo-mesh-data").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("todo-mesh.embedded.redis-port", () -> redisPort);
    registry.add("todo-mesh.embedded.temporal-port", () -> temporalPort);
    registry.add("todo-mesh.embedded.data-dir", () -> dataDir);
  }
}
