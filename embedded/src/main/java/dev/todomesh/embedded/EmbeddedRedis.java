package dev.todomesh.embedded;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} child process on 127.0.0.1 with append-only persistence.
 *
 * <p>Runs the {@code redis-server} found on the PATH, else the Linux, macOS or Windows binary
 * that the embedded-redis library ships (Redis 6.2). This class starts and stops the process
 * itself, rather than through the library, so that it stops when the application closes it and
 * not from a JVM shutdown hook that would race with the application's own shutdown.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String READY_LINE = "Ready to accept connections";

  private final Process process;
  private final int port;
  private final FileChannel lockChannel;

  private EmbeddedRedis(Process process, int port, FileChannel lockChannel) {
    this.process = process;
    this.port = port;
    this.lockChannel = lockChannel;
  }

  /**
   * Starts Redis on {@code port} with its append-only file and log under {@code dataDir}.
   *
   * @param portSetting name of the setting that chooses the port, for the error message
   * @throws PortInUseException when the port is taken
   * @throws IllegalStateException when another process uses the data directory, or when Redis
   *     exits or is not ready within 30 s
   */
  public static EmbeddedRedis start(int port, Path dataDir, String portSetting) {
    if (!Ports.isFree(port)) {
      throw new PortInUseException("Embedded Redis", port, portSetting);
    }
    try {
      Path dir = Files.createDirectories(dataDir).toAbsolutePath();
      FileChannel lockChannel = lockDataDir(dir);
      Path logFile = dir.resolve("redis.log");
      Files.deleteIfExists(logFile);
      File executable = findExecutable();
      Process process =
          new ProcessBuilder(
                  List.of(
                      executable.getAbsolutePath(),
                      "--port", Integer.toString(port),
                      "--bind", "127.0.0.1",
                      "--protected-mode", "yes",
                      "--dir", dir.toString(),
                      "--appendonly", "yes",
                      "--appendfsync", "everysec",
                      "--save", "",
                      "--daemonize", "no",
                      "--logfile", logFile.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile()))
              .start();
      try {
        awaitReady(process, logFile, port);
      } catch (RuntimeException e) {
        lockChannel.close();
        throw e;
      }
      log.info(
          "Embedded Redis started: address=127.0.0.1:{} executable={} dataDir={}",
          port,
          executable,
          dir);
      return new EmbeddedRedis(process, port, lockChannel);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded Redis failed to start on port " + port, e);
    }
  }

  /**
   * Locks the data directory, so that two processes never share one append-only file. The lock
   * is held until {@link #close()} and released by the operating system if the JVM dies.
   */
  private static FileChannel lockDataDir(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve("todo-mesh.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new DataDirectoryInUseException(dir);
    }
    return channel;
  }

  private static File findExecutable() throws IOException {
    try {
      return ExecutableProvider.newExecutableInPath("redis-server").get();
    } catch (FileNotFoundException e) {
      log.info("No redis-server on the PATH; using the binary bundled with embedded-redis");
      return ExecutableProvider.newJarResourceProvider().get();
    }
  }

  private static void awaitReady(Process process, Path logFile, int port) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(logFile)
          && Files.readString(logFile, StandardCharsets.UTF_8).contains(READY_LINE)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Embedded Redis exited with code "
                + process.exitValue()
                + " while starting on port "
                + port
                + "; its log is "
                + logFile);
      }
      sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Embedded Redis was not ready within "
            + START_TIMEOUT.toSeconds()
            + " s on port "
            + port
            + "; its log is "
            + logFile);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Stops the Redis process with SIGTERM, which makes Redis flush its append-only file before
   * it exits; the file stays in the data directory.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      releaseLock();
      log.info("Embedded Redis had already exited: address=127.0.0.1:{}", port);
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("Embedded Redis did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    releaseLock();
    log.info("Embedded Redis stopped: address=127.0.0.1:{}", port);
  }

  private void releaseLock() {
    try {
      lockChannel.close();
    } catch (IOException e) {
      log.warn("Releasing the data directory lock failed: error={}", e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis to start", e);
    }
  }
}
