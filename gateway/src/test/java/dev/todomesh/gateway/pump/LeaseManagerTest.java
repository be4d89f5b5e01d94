package dev.todomesh.gateway.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todomesh.embedded.RedisServerExtension;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.support.TestProperties;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaseManagerTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  private LeaseManager alice;
  private LeaseManager bob;

  @BeforeEach
  void createManagers() {
    CommandStreams streams =
        new CommandStreams(redis.client(), TestProperties.with("streams.partitions", "2").streams());
    alice = new LeaseManager(streams, "alice", Duration.ofMillis(600));
    bob = new LeaseManager(streams, "bob", Duration.ofMillis(600));
  }

  @Test
  void heldLeaseCannotBeAcquired() {
    PartitionLease lease = alice.acquire(0);

    assertThat(lease).isNotNull();
    assertThat(lease.isValid()).isTrue();
    assertThat(bob.acquire(0)).isNull();
  }

  @Test
  void releasedLeaseIsFreeAtOnce() {
    PartitionLease lease = alice.acquire(0);

    alice.release(lease);

    assertThat(lease.isValid()).isFalse();
    assertThat(bob.acquire(0)).isNotNull();
  }

  @Test
  void expiredLeaseGoesToAnotherMemberWithNewEpoch() {
    PartitionLease first = alice.acquire(1);

    await().atMost(Duration.ofSeconds(5)).until(() -> bob.acquire(1) != null);

    assertThat(first.isValid()).isFalse();
    assertThat(alice.renew(first)).isFalse();
  }

  @Test
  void renewalKeepsLeaseValid() throws InterruptedException {
    PartitionLease lease = alice.acquire(0);

    for (int i = 0; i < 5; i++) {
      Thread.sleep(200);
      assertThat(alice.renew(lease)).isTrue();
    }

    assertThat(lease.isValid()).isTrue();
    assertThat(bob.acquire(0)).isNull();
  }

  @Test
  void heartbeatListsLiveMembersSorted() {
    bob.heartbeat();

    assertThat(alice.heartbeat()).containsExactly("alice", "bob");

    bob.leave();
    assertThat(alice.heartbeat()).containsExactly("alice");
  }
}
