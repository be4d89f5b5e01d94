package dev.todomesh.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the error responses that every route can return to each operation, as RFC 9457 problem
 * details: they come from the security filter chain, the request limits and the exception
 * handler, which springdoc cannot see in the controllers' signatures.
 */
final class ProblemResponses implements OpenApiCustomizer {

  static final String SCHEMA = "ProblemDetail";

  private static final Map<String, String> COMMON = new LinkedHashMap<>();

  static {
    COMMON.put("400", "Invalid request: body, path, query parameter or URL");
    COMMON.put("401", "Missing or invalid credentials, when authentication is on");
    COMMON.put("403", "The client lacks the role the route needs");
    COMMON.put("429", "Rate limit or partition backlog reached; retry after Retry-After seconds");
    COMMON.put("503", "Redis or Temporal is unavailable; retry later");
  }

  @Override
  public void customise(OpenAPI openApi) {
    openApi.getComponents().addSchemas(SCHEMA, problemSchema());
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .values()
        .forEach(
            path ->
                path.readOperations()
                    .forEach(
                        operation ->
                            COMMON.forEach(
                                (status, description) -> {
                                  if (!operation.getResponses().containsKey(status)) {
                                    operation.getResponses().addApiResponse(status, problem(description));
                                  }
                                })));
  }

  private static ApiResponse problem(String description) {
    Schema<?> reference = new Schema<>().$ref("#/components/schemas/" + SCHEMA);
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new MediaType().schema(reference)));
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().description("problem type URI"))
        .addProperty("title", new StringSchema().description("short summary of the problem"))
        .addProperty("status", new IntegerSchema().description("HTTP status code"))
        .addProperty("detail", new StringSchema().description("what was wrong and how to fix it"))
        .addProperty("instance", new StringSchema().description("path of the request"));
  }
}
