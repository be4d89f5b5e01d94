package dev.todomesh.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Starts a real Redis server on a free loopback port for each test, and a Redisson client. */
public final class RedisServerExtension implements BeforeEachCallback, AfterEachCallback {

  private EmbeddedRedis server;
  private RedissonClient client;
  private Path dataDir;
  private int port;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("todo-mesh-redis");
    port = Ports.findFree();
    server = EmbeddedRedis.start(port, dataDir, "test");
    Config config = new Config();
    config.useSingleServer().setAddress(server.url()).setConnectionPoolSize(64);
    client = Redisson.create(config);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    client.shutdown();
    server.close();
  }

  /** Stops Redis gracefully; {@link #restart()} brings it back. */
  public void stop() {
    server.close();
  }

  /** Starts Redis again after {@link #stop()}, on the same port and append-only file. */
  public void startAgain() {
    server = EmbeddedRedis.start(port, dataDir, "test");
  }

  public RedissonClient client() {
    return client;
  }

  public String url() {
    return server.url();
  }
}
