package dev.todomesh.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.TodoCommand;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CommandEntryTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void patchKeepsAbsentFieldsAndClearsNullOnes() {
    ObjectNode payload = JSON.createObjectNode().put("completed", true).putNull("order");

    TodoCommand command = decode(CommandType.PATCH, payload);

    assertThat(command.patch().title()).isNull();
    assertThat(command.patch().completed()).isTrue();
    assertThat(command.patch().clearOrder()).isTrue();
    assertThat(command.patch().clearDueAt()).isFalse();
  }

  @Test
  void upsertCarriesOrderDueTimeAndSession() {
    ObjectNode payload =
        JSON.createObjectNode().put("title", "t").put("order", 4).put("dueAt", "2026-02-01T10:00:00Z");
    Map<String, String> fields = CommandEntry.encode(CommandType.UPSERT, "c1", "a", NOW, payload);
    fields.put(CommandEntry.SESSION_ID, "s1");

    TodoCommand command = CommandEntry.decode(0, "1-0", fields);

    assertThat(command.order()).isEqualTo(4);
    assertThat(command.dueAt()).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    assertThat(command.sessionId()).isEqualTo("s1");
  }

  @Test
  void deleteNeedsNoPayloadFields() {
    TodoCommand command = decode(CommandType.DELETE, JSON.createObjectNode());

    assertThat(command.type()).isEqualTo(CommandType.DELETE);
  }

  @Test
  void patchWithFractionalOrderIsUndecodable() {
    ObjectNode payload = JSON.createObjectNode().put("order", 1.5);

    assertThatThrownBy(() -> decode(CommandType.PATCH, payload))
        .isInstanceOf(UndecodableEntryException.class)
        .hasMessageContaining("payload.order");
  }

  private static TodoCommand decode(CommandType type, ObjectNode payload) {
    return CommandEntry.decode(0, "1-0", CommandEntry.encode(type, "c1", "a", NOW, payload));
  }
}
