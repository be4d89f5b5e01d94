package dev.todomesh.gateway.pump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.workflows.CommandBatch;
import dev.todomesh.workflows.CommandType;
import dev.todomesh.workflows.StreamPosition;
import dev.todomesh.workflows.TodoCommand;
import dev.todomesh.workflows.TodoPatch;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the pump splits one todo's commands into signals that stay under the size limit. */
class SignalChunksTest {

  private static final String LONG_TITLE = "\u00e9\"\n".repeat(333);

  @Test
  void estimateCoversEscapedPatchTitle() {
    TodoCommand command = patchWithTitle(0, LONG_TITLE);

    int serialized = serializedSize(List.of(command));

    assertThat(SignalDispatcher.estimateBytes(command)).isGreaterThanOrEqualTo(serialized);
  }

  @Test
  void longPatchesSplitUnderLimit() {
    List<TodoCommand> commands = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      commands.add(patchWithTitle(i, LONG_TITLE));
    }

    List<List<TodoCommand>> chunks = SignalDispatcher.chunk(commands);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(commands.size());
    for (List<TodoCommand> chunk : chunks) {
      assertThat(serializedSize(chunk)).isLessThanOrEqualTo(SignalDispatcher.MAX_SIGNAL_BYTES);
    }
  }

  private static int serializedSize(List<TodoCommand> commands) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(new CommandBatch(commands))
        .orElseThrow()
        .getData()
        .size();
  }

  private static TodoCommand patchWithTitle(int sequence, String title) {
    return new TodoCommand(
        UUID.randomUUID().toString(),
        "todo-with-a-long-title",
        CommandType.PATCH,
        null,
        false,
        Instant.parse("2026-12-04T10:00:00Z"),
        new StreamPosition(
            3, "1796422482936-" + sequence, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        null,
        null,
        new TodoPatch(title, true, 7, false, Instant.parse("2026-12-05T10:00:00Z"), false),
        "session-" + sequence);
  }
}
