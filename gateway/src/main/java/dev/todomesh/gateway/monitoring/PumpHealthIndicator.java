package dev.todomesh.gateway.monitoring;

import dev.todomesh.gateway.pump.CommandPump;
import dev.todomesh.gateway.stream.CommandStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Reports the pump up once it owns every partition assigned to it. The assignment is the one
 * every pump computes: live members sorted by name, partition {@code p} going to member {@code
 * p mod n}. A pump that has not yet joined the members, or is still waiting for another pump to
 * hand over one of its partitions, is down. A pump with no partition assigned (more pumps than
 * partitions) is up: it is a standby.
 */
final class PumpHealthIndicator implements ReactiveHealthIndicator {

  private final CommandPump pump;
  private final CommandStreams streams;
  private final Duration timeout;

  PumpHealthIndicator(CommandPump pump, CommandStreams streams, Duration timeout) {
    this.pump = pump;
    this.streams = streams;
    this.timeout = timeout;
  }

  @Override
  public Mono<Health> health() {
    if (!pump.isRunning()) {
      return Mono.just(Health.down().withDetail("reason", "pump not running").build());
    }
    return Mono.fromCompletionStage(
            () ->
                streams
                    .redisson()
                    .<String>getScoredSortedSet(streams.pumpMembersKey(), StringCodec.INSTANCE)
                    .readAllAsync())
        .timeout(timeout)
        .map(this::compare)
        .onErrorResume(
            error ->
                Mono.just(
                    Health.down()
                        .withDetail("reason", "pump members unreadable")
                        .withDetail("error", RedisHealthIndicator.describe(error))
                        .build()));
  }

  private Health compare(Collection<String> liveMembers) {
    List<String> members = new ArrayList<>(liveMembers);
    members.sort(null);
    Set<Integer> owned = pump.ownedPartitions();
    int index = members.indexOf(pump.member());
    if (index < 0) {
      return Health.down()
          .withDetail("member", pump.member())
          .withDetail("reason", "not yet registered as a pump member")
          .build();
    }
    Set<Integer> assigned = assignedPartitions(streams.partitions(), index, members.size());
    Health.Builder health = owned.containsAll(assigned) ? Health.up() : Health.down();
    return health
        .withDetail("member", pump.member())
        .withDetail("members", members.size())
        .withDetail("assigned", assigned)
        .withDetail("owned", owned)
        .build();
  }

  /** Returns the partitions that the member at {@code index} of {@code count} members owns. */
  static Set<Integer> assignedPartitions(int partitions, int index, int count) {
    Set<Integer> assigned = new TreeSet<>();
    for (int partition = index; partition < partitions; partition += count) {
      assigned.add(partition);
    }
    return assigned;
  }
}
