package dev.todomesh.gateway.docs;

import dev.todomesh.gateway.support.EmbeddedPorts;
import dev.todomesh.gateway.support.TestHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Keeps docs/openapi.json equal to the description the running application serves. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "todo-mesh.pump.block-timeout=200ms")
class OpenApiDocumentTest {

  @DynamicPropertySource
  static void embeddedServers(DynamicPropertyRegistry registry) {
    EmbeddedPorts.register(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void openApiDocumentIsCurrent() throws IOException {
    String served =
        TestHttp.client(port)
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    JsonMapper json =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    JsonNode document = json.readTree(served);
    // The server URL contains the test's random port.
    ((ObjectNode) document).remove("servers");

    CommittedDocs.check(
        "openapi.json", json.writeValueAsString(document) + "\n", "OpenApiDocumentTest");
  }
}
