package dev.todomesh.gateway.kafka;

/**
 * The one broker that this listener presents to clients: node 0 at the advertised address, the
 * leader of every partition and the coordinator of every group.
 *
 * <p>NOTE: each process with the {@code api} role presents itself as the whole cluster. Consumer
 * groups live in the memory of one process, so the members of a group must all connect to the
 * same process.
 */
record BrokerNode(int nodeId, String host, int port, int partitions) {

  static final String COMMANDS_TOPIC = "todo.commands";
  static final String EVENTS_TOPIC = "todo.events";
  static final String CLUSTER_ID = "todo-mesh";

  boolean isKnownTopic(String topic) {
    return COMMANDS_TOPIC.equals(topic) || EVENTS_TOPIC.equals(topic);
  }

  boolean hasPartition(int partition) {
    return partition >= 0 && partition < partitions;
  }
}
