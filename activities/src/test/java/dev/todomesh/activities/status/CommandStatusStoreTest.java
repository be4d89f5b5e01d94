package dev.todomesh.activities.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.embedded.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommandStatusStoreTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private CommandStatusStore store;

  @BeforeEach
  void createStore() {
    store = new CommandStatusStore(redis.client(), "test", Duration.ofHours(1), Clock.systemUTC());
  }

  @Test
  void lateAcceptedDoesNotHideApplied() {
    store.update("c1", "a", CommandStatus.APPLIED, 3L, null);

    boolean updated = store.update("c1", "a", CommandStatus.ACCEPTED, null, null);

    assertThat(updated).isFalse();
    CommandStatusRecord status = find("c1");
    assertThat(status.status()).isEqualTo(CommandStatus.APPLIED);
    assertThat(status.version()).isEqualTo(3L);
  }

  @Test
  void rejectionKeepsReason() {
    store.update("c1", "a", CommandStatus.DISPATCHED, null, null);

    store.update("c1", "a", CommandStatus.REJECTED, null, "todo 'a' was deleted");

    assertThat(find("c1").status()).isEqualTo(CommandStatus.REJECTED);
    assertThat(find("c1").reason()).isEqualTo("todo 'a' was deleted");
  }

  @Test
  void statusExpiresAfterRetention() {
    store.update("c1", "a", CommandStatus.ACCEPTED, null, null);

    long ttl = redis.client().getKeys().remainTimeToLive(store.key("c1"));

    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
  }

  @Test
  void batchRecordsAcceptedWithStreamPlace() {
    store.update("c2", "b", CommandStatus.APPLIED, 1L, null);

    store
        .acceptedAllAsync(
            List.of(
                new CommandStatusStore.Accepted("c1", "a", 3, "1-0"),
                new CommandStatusStore.Accepted("c2", "b", 3, "1-1")))
        .toCompletableFuture()
        .join();

    CommandStatusRecord accepted = find("c1");
    assertThat(accepted.status()).isEqualTo(CommandStatus.ACCEPTED);
    assertThat(accepted.todoId()).isEqualTo("a");
    assertThat(accepted.partition()).isEqualTo(3);
    assertThat(accepted.entryId()).isEqualTo("1-0");
    assertThat(find("c2").status()).isEqualTo(CommandStatus.APPLIED);
  }

  @Test
  void acceptedAfterScriptFlushIsRecorded() {
    store
        .acceptedAllAsync(List.of(new CommandStatusStore.Accepted("c0", "a", 0, "0-1")))
        .toCompletableFuture()
        .join();
    // A restarted or failed-over Redis has an empty script cache, as after this flush.
    redis.client().getScript().scriptFlush();

    store
        .acceptedAllAsync(
            List.of(
                new CommandStatusStore.Accepted("c1", "a", 0, "1-0"),
                new CommandStatusStore.Accepted("c2", "a", 0, "1-1")))
        .toCompletableFuture()
        .join();

    assertThat(find("c1").status()).isEqualTo(CommandStatus.ACCEPTED);
    assertThat(find("c2").status()).isEqualTo(CommandStatus.ACCEPTED);
  }

  @Test
  void unknownCommandHasNoStatus() {
    assertThat(find("missing")).isNull();
  }

  private CommandStatusRecord find(String commandId) {
    return store.findAsync(commandId).toCompletableFuture().join();
  }
}
