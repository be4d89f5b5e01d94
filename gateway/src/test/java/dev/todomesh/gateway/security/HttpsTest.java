package dev.todomesh.gateway.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/** The API over HTTPS from a Spring Boot SSL bundle, with a certificate made by keytool. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "todo-mesh.pump.block-timeout=200ms",
      "server.ssl.bundle=api",
      "spring.ssl.bundle.jks.api.keystore.type=PKCS12",
      "spring.ssl.bundle.jks.api.keystore.password=changeit"
    })
class HttpsTest {

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws Exception {
    EmbeddedPorts.register(registry);
    Path keyStore = createKeyStore();
    registry.add("spring.ssl.bundle.jks.api.keystore.location", () -> "file:" + keyStore);
  }

  static Path createKeyStore() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("todo-mesh-tls");
    Path keyStore = dir.resolve("api.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    }
    return keyStore;
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void apiServesHttps() throws Exception {
    var sslContext =
        SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    HttpClient client = HttpClient.create().secure(spec -> spec.sslContext(sslContext));
    WebTestClient https =
        WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
            .baseUrl("https://127.0.0.1:" + port)
            .build();

    https.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    https
        .post()
        .uri("/todos/{id}", "over-tls")
        .header("Content-Type", "application/json")
        .bodyValue("{\"title\": \"sent over TLS\"}")
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void plainHttpIsNotServed() {
    WebTestClient plain =
        TestHttp.client(port);

    assertThatThrownBy(() -> plain.get().uri("/actuator/health/liveness").exchange())
        .hasMessageContaining("Connection prematurely closed");
  }
}
