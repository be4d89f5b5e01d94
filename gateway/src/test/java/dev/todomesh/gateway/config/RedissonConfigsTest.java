package dev.todomesh.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.todomesh.embedded.Ports;
import dev.todomesh.gateway.support.TestProperties;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Redis connection settings: single server with a password, Sentinel, Cluster. */
class RedissonConfigsTest {

  @TempDir Path dir;

  @Test
  void singleServerIsDefault() {
    TodoMeshProperties.Redis redis = TestProperties.with("redis.url", "redis://r:6379").redis();

    assertThat(RedissonConfigs.modeOf(redis)).isEqualTo(RedissonConfigs.Mode.SINGLE);
    assertThat(redis.isEmbedded()).isFalse();
  }

  @Test
  void sentinelNodesSelectSentinel() throws IOException {
    TodoMeshProperties.Redis redis =
        TestProperties.with(
                "redis.sentinel.master-name", "todos",
                "redis.sentinel.nodes", "redis://s1:26379,redis://s2:26379")
            .redis();

    Config config = RedissonConfigs.external(redis, 64, 8);

    assertThat(RedissonConfigs.modeOf(redis)).isEqualTo(RedissonConfigs.Mode.SENTINEL);
    assertThat(redis.isEmbedded()).isFalse();
    assertThat(config.toYAML()).contains("masterName: \"todos\"", "redis://s1:26379", "redis://s2:26379");
  }

  @Test
  void clusterNodesSelectCluster() throws IOException {
    TodoMeshProperties.Redis redis =
        TestProperties.with("redis.cluster.nodes", "redis://n1:6379,redis://n2:6379").redis();

    Config config = RedissonConfigs.external(redis, 64, 8);

    assertThat(RedissonConfigs.modeOf(redis)).isEqualTo(RedissonConfigs.Mode.CLUSTER);
    assertThat(config.toYAML()).contains("clusterServersConfig", "redis://n1:6379");
  }

  @Test
  void twoModesAreRejected() {
    TodoMeshProperties.Redis redis =
        TestProperties.with("redis.url", "redis://r:6379", "redis.cluster.nodes", "redis://n1:6379")
            .redis();

    assertThatThrownBy(() -> RedissonConfigs.modeOf(redis))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo-mesh.redis.cluster.nodes");
  }

  @Test
  void passwordAndPasswordFileAreRejectedTogether() throws IOException {
    Path file = Files.writeString(dir.resolve("password"), "secret");
    TodoMeshProperties.Redis redis =
        TestProperties.with(
                "redis.url", "redis://r:6379",
                "redis.password", "other",
                "redis.password-file", file.toString())
            .redis();

    assertThatThrownBy(() -> RedissonConfigs.external(redis, 64, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo-mesh.redis.password-file");
  }

  @Test
  void toStringHidesPasswords() {
    TodoMeshProperties.Redis redis =
        TestProperties.with(
                "redis.url", "redis://r:6379",
                "redis.password", "hunter2-secret",
                "redis.sentinel.password", "sentinel-secret",
                "redis.tls.trust-store-password", "store-secret")
            .redis();

    assertThat(redis.toString()).doesNotContain("hunter2-secret", "sentinel-secret", "store-secret");
  }

  @Test
  void passwordFileAuthenticates() throws Exception {
    assumeTrue(onPath("redis-server"), "redis-server is not on the PATH");
    int port = Ports.findFree();
    Process server =
        new ProcessBuilder(
                "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--requirepass", "file-password-0123", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    try {
      awaitPort(port);
      Path file = Files.writeString(dir.resolve("password"), "file-password-0123\n");
      String url = "redis://127.0.0.1:" + port;

      RedissonClient withPassword =
          Redisson.create(
              RedissonConfigs.external(
                  TestProperties.with("redis.url", url, "redis.password-file", file.toString())
                      .redis(),
                  4,
                  1));
      try {
        withPassword.getBucket("k", StringCodec.INSTANCE).set("v");
        assertThat(withPassword.getBucket("k", StringCodec.INSTANCE).get()).isEqualTo("v");
      } finally {
        withPassword.shutdown();
      }

      assertThatThrownBy(
              () -> {
                Config config = RedissonConfigs.external(TestProperties.with("redis.url", url).redis(), 4, 1);
                config.useSingleServer().setRetryAttempts(0).setConnectTimeout(1_000);
                RedissonClient client = Redisson.create(config);
                try {
                  client.getBucket("k", StringCodec.INSTANCE).get();
                } finally {
                  client.shutdown();
                }
              })
          .isInstanceOf(RedisException.class);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static void awaitPort(int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
  }
}
