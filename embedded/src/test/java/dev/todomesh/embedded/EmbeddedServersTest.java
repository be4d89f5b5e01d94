package dev.todomesh.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServersTest {

  @TempDir Path dataDir;

  @Test
  void redisOnTakenPortNamesPortAndSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedRedis.start(port, dataDir, "todo-mesh.embedded.redis-port"))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("todo-mesh.embedded.redis-port");
    }
  }

  @Test
  void sharedDataDirectoryIsRejected() {
    try (EmbeddedRedis first = EmbeddedRedis.start(Ports.findFree(), dataDir, "first")) {
      int secondPort = Ports.findFree();

      assertThatThrownBy(() -> EmbeddedRedis.start(secondPort, dataDir, "second"))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining("is in use by another todo-mesh process")
          .hasMessageContaining(dataDir.toString());
      assertThat(first.port()).isNotEqualTo(secondPort);
    }
  }

  @Test
  void dataDirectoryIsFreeAfterClose() {
    EmbeddedRedis.start(Ports.findFree(), dataDir, "first").close();

    try (EmbeddedRedis second = EmbeddedRedis.start(Ports.findFree(), dataDir, "second")) {
      assertThat(Ports.isFree(second.port())).isFalse();
    }
  }

  @Test
  void temporalOnTakenPortNamesPortAndSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedTemporal.start(port, "todo-mesh.embedded.temporal-port"))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("todo-mesh.embedded.temporal-port");
    }
  }
}
