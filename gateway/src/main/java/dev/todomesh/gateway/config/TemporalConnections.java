package dev.todomesh.gateway.config;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Builds the connection options to an external Temporal frontend: TLS, mTLS, API key. */
public final class TemporalConnections {

  private static final Metadata.Key<String> NAMESPACE_HEADER =
      Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private TemporalConnections() {}

  /**
   * Returns the options for {@code settings}.
   *
   * @throws IllegalArgumentException when only one of the client certificate and key is set, or
   *     a PEM file cannot be read
   */
  public static WorkflowServiceStubsOptions external(TodoMeshProperties.Temporal settings) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target());
    TodoMeshProperties.TemporalTls tls = settings.tls();
    String apiKey =
        Secrets.read(settings.apiKey(), settings.apiKeyFile(), "todo-mesh.temporal.api-key");
    boolean mutualTls = tls.clientCert() != null || tls.clientKey() != null;
    if (mutualTls && (tls.clientCert() == null || tls.clientKey() == null)) {
      throw new IllegalArgumentException(
          "Set both todo-mesh.temporal.tls.client-cert and todo-mesh.temporal.tls.client-key,"
              + " or neither");
    }
    if (tls.enabled() || mutualTls || tls.caCert() != null || apiKey != null) {
      options.setSslContext(sslContext(tls));
    }
    if (!tls.serverName().isBlank()) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(tls.serverName()));
    }
    if (apiKey != null) {
      options.addApiKey(() -> apiKey);
      // Temporal Cloud clients send the namespace with an API key, so the endpoint can route
      // the request before it reads the body.
      options.addGrpcMetadataProvider(() -> namespaceHeader(settings.namespace()));
    }
    return options.build();
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(
      TodoMeshProperties.TemporalTls tls) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (tls.clientCert() != null) {
        builder.keyManager(tls.clientCert().toFile(), tls.clientKey().toFile());
      }
      if (tls.caCert() != null) {
        builder.trustManager((File) tls.caCert().toFile());
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Building the TLS context for Temporal from todo-mesh.temporal.tls.* failed: "
              + e.getMessage(),
          e);
    }
  }

  private static Metadata namespaceHeader(String namespace) {
    Metadata metadata = new Metadata();
    metadata.put(NAMESPACE_HEADER, namespace);
    return metadata;
  }
}
