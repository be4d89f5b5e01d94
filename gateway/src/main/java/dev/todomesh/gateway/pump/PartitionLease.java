package dev.todomesh.gateway.pump;

import java.time.Duration;

/**
 * A pump's lease on one partition, as tracked by this process.
 *
 * <p>The lease counts as valid locally until one third of its TTL before it expires in Redis,
 * measured from when the last successful renewal was sent. The margin covers clock drift and
 * the time between a check and the operation it guards. Stream operations are also checked
 * against the lease value inside Redis, so only calls to Temporal rely on the local check.
 */
final class PartitionLease {

  private final int partition;
  private final String value;
  private final long validNanos;
  private volatile long validUntilNanos;
  private volatile boolean revoked;

  PartitionLease(int partition, String value, Duration ttl) {
    this.partition = partition;
    this.value = value;
    this.validNanos = ttl.toNanos() - ttl.toNanos() / 3;
  }

  int partition() {
    return partition;
  }

  /** Returns the value stored in the lease key: {@code <member>:<epoch>}. */
  String value() {
    return value;
  }

  /** Returns true while this process may still act as the partition's owner. */
  boolean isValid() {
    return !revoked && System.nanoTime() - validUntilNanos < 0;
  }

  void extendFrom(long renewalSentNanos) {
    validUntilNanos = renewalSentNanos + validNanos;
  }

  void revoke() {
    revoked = true;
  }
}
