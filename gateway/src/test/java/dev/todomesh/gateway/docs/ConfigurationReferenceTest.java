package dev.todomesh.gateway.docs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps docs/configuration.md equal to what the configuration metadata describes: every {@code
 * todo-mesh} setting with its type, unit, default and description, taken from the Javadoc of the
 * settings records by Spring Boot's configuration processor.
 */
class ConfigurationReferenceTest {

  static final Path METADATA =
      Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

  record Property(String name, String type, String defaultValue, String description) {}

  @Test
  void configurationReferenceIsCurrent() throws IOException {
    JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
    List<Property> properties = new ArrayList<>();
    for (JsonNode property : metadata.get("properties")) {
      properties.add(
          new Property(
              property.get("name").asString(),
              property.path("type").asString(""),
              property.has("defaultValue") ? render(property.get("defaultValue")) : "",
              property.path("description").asString("")));
    }
    properties.sort(Comparator.comparing(Property::name));

    CommittedDocs.check("configuration.md", markdown(properties), "ConfigurationReferenceTest");
  }

  static String markdown(List<Property> properties) {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n");
    out.append(
        "Generated from the configuration metadata by `ConfigurationReferenceTest`; edit the\n"
            + "Javadoc of the settings records, not this file. Every setting can be given in\n"
            + "`application.yaml`, as a `--name=value` argument or as the environment variable in\n"
            + "the second column. A list takes comma-separated values, or indexed names such as\n"
            + "`TODO_MESH_SECURITY_API_KEYS_0_NAME`; Spring Boot takes a whole list from one\n"
            + "source, so give all elements of a list in the same place.\n\n");
    out.append(
        "Durations take a unit suffix (`ms`, `s`, `m`, `h`, `d`); a bare number is milliseconds."
            + "\nData sizes take `B`, `KB`, `MB` or `GB`; a bare number is bytes.\n\n");
    String section = "";
    for (Property property : properties) {
      String group = sectionOf(property.name());
      if (!group.equals(section)) {
        section = group;
        out.append("## `").append(section).append("`\n\n");
        out.append("| Setting | Environment variable | Type | Default | Description |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
      }
      out.append("| `").append(property.name()).append("` | `")
          .append(environmentVariable(property.name())).append("` | ")
          .append(typeOf(property.type())).append(" | ")
          .append(property.defaultValue().isEmpty() ? "" : "`" + property.defaultValue() + "`")
          .append(" | ").append(describe(property.description())).append(" |\n");
      if (properties.indexOf(property) == properties.size() - 1
          || !sectionOf(properties.get(properties.indexOf(property) + 1).name()).equals(section)) {
        out.append("\n");
      }
    }
    return out.toString();
  }

  /** Returns the first two segments, such as {@code todo-mesh.pump}. */
  static String sectionOf(String name) {
    String[] parts = name.split("\\.");
    return parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
  }

  static String environmentVariable(String name) {
    return name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  static String typeOf(String javaType) {
    return switch (javaType) {
      case "java.lang.String" -> "text";
      case "java.lang.Integer", "java.lang.Long" -> "integer";
      case "java.lang.Double" -> "number";
      case "java.lang.Boolean" -> "boolean";
      case "java.time.Duration" -> "duration";
      case "org.springframework.util.unit.DataSize" -> "data size";
      case "java.nio.file.Path" -> "file path";
      default -> {
        if (javaType.startsWith("java.util.List<java.lang.String>")
            || javaType.startsWith("java.util.Set<")) {
          yield "list";
        }
        if (javaType.startsWith("java.util.List<")) {
          yield "list of objects";
        }
        if (javaType.startsWith("java.util.Map<")) {
          yield "map";
        }
        yield javaType;
      }
    };
  }

  static String render(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asString()));
      return String.join(",", items);
    }
    return value.asString();
  }

  /** Turns Javadoc markup into Markdown and keeps table cells on one line. */
  static String describe(String javadoc) {
    String text = javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`").replaceAll("\\s+", " ").trim();
    if (!text.isEmpty()) {
      text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
    return text.replace("|", "\\|");
  }
}
