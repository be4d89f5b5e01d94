package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.TodoMeshProperties;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Lets browsers on {@code todo-mesh.api.cors-allowed-origins} call the API. */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration implements WebFluxConfigurer {

  private final List<String> allowedOrigins;

  CorsConfiguration(TodoMeshProperties properties) {
    this.allowedOrigins =
        properties.api().corsAllowedOrigins().stream().filter(origin -> !origin.isBlank()).toList();
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (allowedOrigins.isEmpty()) {
      return;
    }
    registry
        .addMapping("/**")
        .allowedOrigins(allowedOrigins.toArray(String[]::new))
        .allowedMethods("GET", "POST", "PATCH", "DELETE", "OPTIONS")
        .allowedHeaders(
            "Content-Type",
            "Prefer",
            "X-Session-Id",
            "Idempotency-Key",
            "X-API-Key",
            "Authorization",
            "traceparent",
            "tracestate")
        .exposedHeaders("Location", "Link", "Preference-Applied");
  }
}
