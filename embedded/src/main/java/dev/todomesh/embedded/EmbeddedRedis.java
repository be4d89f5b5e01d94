package dev.todomesh.embedded;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} child process on 127.0.0.1 with append-only persistence.
 *
 * <p>Runs the {@code redis-server} found on the PATH, else the Linux, macOS or Windows binary
 * that the embedded-redis library ships (Redis 6.2).
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts Redis on {@code port} with its append-only file under {@code dataDir}.
   *
   * @param portSetting name of the setting that chooses the port, for the error message
   * @throws PortInUseException when the port is taken
   */
  public static EmbeddedRedis start(int port, Path dataDir, String portSetting) {
    if (!Ports.isFree(port)) {
      throw new PortInUseException("Embedded Redis", port, portSetting);
    }
    try {
      Path dir = Files.createDirectories(dataDir).toAbsolutePath();
      ExecutableProvider executable = findExecutable();
      RedisServer server =
          RedisServer.newRedisServer()
              .executableProvider(executable)
              .bind("127.0.0.1")
              .port(port)
              .setting("dir " + dir)
              .setting("appendonly yes")
              .setting("appendfsync everysec")
              .setting("save \"\"")
              .setting("protected-mode yes")
              .onShutdownForceStop(true)
              .build();
      server.start();
      log.info(
          "Embedded Redis started: address=127.0.0.1:{} executable={} dataDir={}",
          port,
          executable.get(),
          dir);
      return new EmbeddedRedis(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded Redis failed to start on port " + port, e);
    }
  }

  private static ExecutableProvider findExecutable() {
    try {
      return ExecutableProvider.newExecutableInPath("redis-server");
    } catch (FileNotFoundException e) {
      log.info("No redis-server on the PATH; using the binary bundled with embedded-redis");
      return ExecutableProvider.newJarResourceProvider();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the Redis process; the append-only file stays in the data directory. */
  @Override
  public void close() {
    try {
      server.stop();
      log.info("Embedded Redis stopped: address=127.0.0.1:{}", port);
    } catch (IOException e) {
      log.warn("Embedded Redis did not stop cleanly: address=127.0.0.1:{}", port, e);
    }
  }
}
