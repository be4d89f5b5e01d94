package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.TodoMeshProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Caps the request body size that the JSON decoder buffers. */
@Configuration(proxyBeanMethods = false)
class CodecConfiguration implements WebFluxConfigurer {

  private final int maxBodyBytes;

  CodecConfiguration(TodoMeshProperties properties) {
    this.maxBodyBytes = Math.toIntExact(properties.api().maxBodySize().toBytes());
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().maxInMemorySize(maxBodyBytes);
  }
}
