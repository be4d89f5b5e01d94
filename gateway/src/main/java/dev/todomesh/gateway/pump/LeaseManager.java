package dev.todomesh.gateway.pump;

import dev.todomesh.gateway.stream.CommandStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * Pump membership and partition leases in Redis.
 *
 * <p>Each pump refreshes its entry in a sorted set scored by expiry time; a pump whose entry
 * expired is gone. A partition's lease is a key holding {@code <member>:<epoch>} with a TTL.
 * The epoch comes from a counter that grows with every new lease, so a lease value is never
 * reused and works as a fencing token: every stream operation of the owner checks it.
 *
 * <p>All times are taken from the Redis server's clock ({@code TIME}), so pumps with skewed
 * clocks still agree on expiry.
 */
final class LeaseManager {

  /** KEYS: members. ARGV: member, ttl ms. Returns the live members. */
  private static final String HEARTBEAT =
      """
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
      return redis.call('ZRANGE', KEYS[1], 0, -1)
      """;

  /** KEYS: lease, epoch. ARGV: member, ttl ms. Returns the new lease value, or nil if taken. */
  private static final String ACQUIRE =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return false
      end
      local value = ARGV[1] .. ':' .. redis.call('INCR', KEYS[2])
      redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
      return value
      """;

  /** KEYS: lease. ARGV: lease value, ttl ms. Returns 1 if still held and extended. */
  private static final String RENEW =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """;

  /** KEYS: lease. ARGV: lease value. Deletes the lease if still held. */
  private static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  /** KEYS: members. ARGV: member. */
  private static final String LEAVE = "return redis.call('ZREM', KEYS[1], ARGV[1])";

  private final CommandStreams streams;
  private final String member;
  private final Duration ttl;

  LeaseManager(CommandStreams streams, String member, Duration ttl) {
    this.streams = streams;
    this.member = member;
    this.ttl = ttl;
  }

  String member() {
    return member;
  }

  /** Refreshes this pump's membership and returns every live member, sorted. */
  List<String> heartbeat() {
    List<Object> members =
        eval(
            streams.pumpMembersKey(),
            HEARTBEAT,
            RScript.ReturnType.LIST,
            List.of(streams.pumpMembersKey()),
            member,
            ttlMillis());
    List<String> sorted = new ArrayList<>();
    members.forEach(m -> sorted.add(m.toString()));
    sorted.sort(null);
    return sorted;
  }

  /** Removes this pump from the members at once, so the others rebalance without waiting. */
  void leave() {
    eval(streams.pumpMembersKey(), LEAVE, RScript.ReturnType.LONG, List.of(streams.pumpMembersKey()), member);
  }

  /** Takes the partition's lease if it is free; returns null when another pump holds it. */
  PartitionLease acquire(int partition) {
    long sentAt = System.nanoTime();
    String value =
        eval(
            streams.leaseKey(partition),
            ACQUIRE,
            RScript.ReturnType.VALUE,
            List.of(streams.leaseKey(partition), streams.leaseEpochKey(partition)),
            member,
            ttlMillis());
    if (value == null) {
      return null;
    }
    PartitionLease lease = new PartitionLease(partition, value, ttl);
    lease.extendFrom(sentAt);
    return lease;
  }

  /** Extends the lease; returns false when it was lost (expired and maybe taken by another). */
  boolean renew(PartitionLease lease) {
    long sentAt = System.nanoTime();
    Long renewed =
        eval(
            streams.leaseKey(lease.partition()),
            RENEW,
            RScript.ReturnType.LONG,
            List.of(streams.leaseKey(lease.partition())),
            lease.value(),
            ttlMillis());
    if (renewed != null && renewed == 1) {
      lease.extendFrom(sentAt);
      return true;
    }
    lease.revoke();
    return false;
  }

  /** Gives the lease up so another pump can take the partition at once. */
  void release(PartitionLease lease) {
    lease.revoke();
    eval(
        streams.leaseKey(lease.partition()),
        RELEASE,
        RScript.ReturnType.LONG,
        List.of(streams.leaseKey(lease.partition())),
        lease.value());
  }

  private String ttlMillis() {
    return Long.toString(ttl.toMillis());
  }

  private <T> T eval(
      String slotKey, String script, RScript.ReturnType type, List<Object> keys, Object... args) {
    return streams
        .redisson()
        .getScript(StringCodec.INSTANCE)
        .eval(slotKey, RScript.Mode.READ_WRITE, script, type, keys, args);
  }
}
