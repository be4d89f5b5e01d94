package dev.todomesh.gateway.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Title, API version and the two ways to authenticate, for the OpenAPI description that
 * springdoc builds from the controllers. The paths come from the controllers themselves; a
 * handler whose success status is not {@code 200} declares it with {@code @ApiResponse}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /**
   * Version of the HTTP API contract. It changes when the contract changes, not with every
   * release of the application.
   */
  static final String API_VERSION = "1.0";

  static final String API_KEY_SCHEME = "apiKey";
  static final String BEARER_SCHEME = "bearerJwt";

  @Bean
  ProblemResponses problemResponses() {
    return new ProblemResponses();
  }

  @Bean
  OpenAPI todoMeshOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("todo-mesh")
                .version(API_VERSION)
                .description(
                    "Todo commands are accepted with 202, queued in Redis Streams and applied by"
                        + " one Temporal workflow per todo. Errors are RFC 9457 problem details."
                        + " When authentication is on, send an API key in X-API-Key or a JWT"
                        + " bearer token; /admin needs the admin role."))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-API-Key"))
                .addSecuritySchemes(
                    BEARER_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
        .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
  }
}
