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

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("todo-mesh-redis");
    server = EmbeddedRedis.start(Ports.findFree(), dataDir, "test");
    Config config = new Config();
    config.useSingleServer().setAddress(server.url()).setConnectionPoolSize(64);
    client = Redisson.create(config);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    client.shutdown();
    server.close();
  }

  public RedissonClient client() {
    return client;
  }

  public String url() {
    return server.url();
  }
}
