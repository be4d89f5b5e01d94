package dev.todomesh.activities.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.embedded.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
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
  void unknownCommandHasNoStatus() {
    assertThat(find("missing")).isNull();
  }

  private CommandStatusRecord find(String commandId) {
    return store.findAsync(commandId).toCompletableFuture().join();
  }
}
