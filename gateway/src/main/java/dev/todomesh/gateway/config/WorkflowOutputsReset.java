package dev.todomesh.gateway.config;

import java.util.List;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what earlier workflows wrote to Redis when the embedded Temporal test server starts,
 * because that server starts empty: every todo's state and history is gone.
 *
 * <p>Left in place, the read model would keep showing todos that no longer exist, and it and
 * the event log would ignore every new change until a todo's version caught up with the old one.
 * The command streams, their consumer groups, idempotency keys, parked todos and dead letters
 * stay: commands accepted but not yet applied are delivered to the new workflows.
 */
public final class WorkflowOutputsReset {

  private static final Logger log = LoggerFactory.getLogger(WorkflowOutputsReset.class);

  private final RedissonClient redisson;
  private final String prefix;

  public WorkflowOutputsReset(RedissonClient redisson, String prefix) {
    this.redisson = redisson;
    this.prefix = prefix;
  }

  /** Returns the key patterns of the read model, the command statuses and the event log. */
  List<String> patterns() {
    return List.of(prefix + ":read:*", prefix + ":command:*", prefix + ":events*");
  }

  /** Deletes the workflows' outputs and returns the number of keys deleted. */
  public long reset() {
    long deleted = 0;
    for (String pattern : patterns()) {
      deleted += redisson.getKeys().deleteByPattern(pattern);
    }
    if (deleted > 0) {
      log.warn(
          "Embedded Temporal started empty, so the read model, command statuses and events of"
              + " the previous run were deleted; queued commands are kept: keys={} prefix={}",
          deleted,
          prefix);
    }
    return deleted;
  }
}
