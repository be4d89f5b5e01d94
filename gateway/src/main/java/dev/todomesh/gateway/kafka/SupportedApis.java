package dev.todomesh.gateway.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs this listener serves and their version ranges.
 *
 * <p>Ranges stop below versions that name topics by topic ID (Produce 13, Fetch 13) or batch
 * several groups into one request (OffsetFetch 8), because todo-mesh topics have no topic IDs
 * and clients fall back to the highest version both sides support.
 */
final class SupportedApis {

  private static final Map<ApiKeys, short[]> RANGES = new EnumMap<>(ApiKeys.class);

  static {
    add(ApiKeys.API_VERSIONS, 0, 4);
    add(ApiKeys.METADATA, 0, 12);
    add(ApiKeys.INIT_PRODUCER_ID, 0, 5);
    add(ApiKeys.PRODUCE, 3, 12);
    add(ApiKeys.LIST_OFFSETS, 1, 8);
    add(ApiKeys.FETCH, 4, 12);
    add(ApiKeys.FIND_COORDINATOR, 0, 6);
    add(ApiKeys.JOIN_GROUP, 0, 9);
    add(ApiKeys.SYNC_GROUP, 0, 5);
    add(ApiKeys.HEARTBEAT, 0, 4);
    add(ApiKeys.LEAVE_GROUP, 0, 5);
    add(ApiKeys.OFFSET_COMMIT, 2, 8);
    add(ApiKeys.OFFSET_FETCH, 1, 7);
    add(ApiKeys.SASL_HANDSHAKE, 0, 1);
    add(ApiKeys.SASL_AUTHENTICATE, 0, 2);
  }

  private SupportedApis() {}

  /** Registers a range, narrowed to what the kafka-clients protocol classes can read. */
  private static void add(ApiKeys api, int min, int max) {
    short oldest = (short) Math.max(min, api.oldestVersion());
    short latest = (short) Math.min(max, api.latestVersion(false));
    RANGES.put(api, new short[] {oldest, latest});
  }

  static boolean supports(ApiKeys api, short version) {
    short[] range = RANGES.get(api);
    return range != null && version >= range[0] && version <= range[1];
  }

  static String describe(ApiKeys api) {
    short[] range = RANGES.get(api);
    return range == null
        ? api.name + " is not supported"
        : api.name + " versions " + range[0] + " to " + range[1] + " are supported";
  }

  static ApiVersionsResponseData.ApiVersionCollection all() {
    ApiVersionsResponseData.ApiVersionCollection versions =
        new ApiVersionsResponseData.ApiVersionCollection();
    RANGES.forEach(
        (api, range) ->
            versions.add(
                new ApiVersionsResponseData.ApiVersion()
                    .setApiKey(api.id)
                    .setMinVersion(range[0])
                    .setMaxVersion(range[1])));
    return versions;
  }
}
