package dev.todomesh.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todomesh.embedded.RedisServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

/** What a restart of the embedded mode keeps in Redis and what it deletes. */
class WorkflowOutputsResetTest {

  @RegisterExtension final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void resetKeepsQueuedCommands() {
    RedissonClient client = redis.client();
    client.getMap("app:read:{todos}:todo:milk", StringCodec.INSTANCE).put("title", "buy milk");
    client.getMap("app:command:c1", StringCodec.INSTANCE).put("status", "applied");
    client
        .getStream("app:events:{e0}", StringCodec.INSTANCE)
        .add(StreamAddArgs.entries(Map.of("type", "todo.created")));
    client.getBucket("app:events-version:{e0}", StringCodec.INSTANCE).set("2");
    client
        .getStream("app:commands:{p0}", StringCodec.INSTANCE)
        .add(StreamAddArgs.entries(Map.of("type", "upsert")));
    client.getBucket("app:idempotency:{p0}:k", StringCodec.INSTANCE).set("c1");
    client.getBucket("other:read:{todos}:todo:milk", StringCodec.INSTANCE).set("kept");

    long deleted = new WorkflowOutputsReset(client, "app").reset();

    assertThat(deleted).isEqualTo(4);
    assertThat(client.getKeys().getKeysByPattern("*"))
        .containsExactlyInAnyOrder(
            "app:commands:{p0}", "app:idempotency:{p0}:k", "other:read:{todos}:todo:milk");
  }
}
