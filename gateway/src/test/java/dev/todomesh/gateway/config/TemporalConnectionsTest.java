package dev.todomesh.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.gateway.support.TestProperties;
import io.grpc.Metadata;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection options for an external Temporal frontend. */
class TemporalConnectionsTest {

  @TempDir Path dir;

  static String header(WorkflowServiceStubsOptions options, String name) {
    for (GrpcMetadataProvider provider : options.getGrpcMetadataProviders()) {
      String value = provider.getMetadata().get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  @Test
  void plainTargetHasNoTls() {
    WorkflowServiceStubsOptions options =
        TemporalConnections.external(
            TestProperties.with("temporal.target", "temporal:7233").temporal());

    assertThat(options.getSslContext()).isNull();
    assertThat(options.getTarget()).isEqualTo("temporal:7233");
  }

  @Test
  void tlsFlagBuildsSslContext() {
    WorkflowServiceStubsOptions options =
        TemporalConnections.external(
            TestProperties.with("temporal.target", "t:7233", "temporal.tls.enabled", "true")
                .temporal());

    assertThat(options.getSslContext()).isNotNull();
  }

  @Test
  void apiKeyFromFileTurnsTlsOn() throws IOException {
    Path key = Files.writeString(dir.resolve("api-key"), "cloud-key-123\n");

    WorkflowServiceStubsOptions options =
        TemporalConnections.external(
            TestProperties.with(
                    "temporal.target", "ns.acct.tmprl.cloud:7233",
                    "temporal.namespace", "ns.acct",
                    "temporal.api-key-file", key.toString())
                .temporal());

    assertThat(options.getSslContext()).isNotNull();
    assertThat(header(options, "authorization")).isEqualTo("Bearer cloud-key-123");
    assertThat(header(options, "temporal-namespace")).isEqualTo("ns.acct");
  }

  @Test
  void clientCertWithoutKeyIsRejected() {
    TodoMeshProperties.Temporal settings =
        TestProperties.with("temporal.target", "t:7233", "temporal.tls.client-cert", "/c.pem")
            .temporal();

    assertThatThrownBy(() -> TemporalConnections.external(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo-mesh.temporal.tls.client-key");
  }

  @Test
  void unreadableCertificateNamesSetting() {
    TodoMeshProperties.Temporal settings =
        TestProperties.with(
                "temporal.target", "t:7233",
                "temporal.tls.client-cert", dir.resolve("missing-cert.pem").toString(),
                "temporal.tls.client-key", dir.resolve("missing-key.pem").toString())
            .temporal();

    assertThatThrownBy(() -> TemporalConnections.external(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo-mesh.temporal.tls");
  }

  @Test
  void toStringHidesApiKey() {
    TodoMeshProperties.Temporal settings =
        TestProperties.with("temporal.target", "t:7233", "temporal.api-key", "visible-secret")
            .temporal();

    assertThat(settings.toString()).doesNotContain("visible-secret");
  }
}
