package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.MappingResult;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.ingest.mapping.RowError;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Maps one MQTT message (topic and payload) to mutations, the same for a PUBLISH to our endpoint
 * ({@link MqttPublishFlow}) and a message bridged from another broker ({@link MqttBridge}): the configured topic
 * mappings first, in order ({@link MqttTopicMappings}), then the default {@code almanac/{keyspace}/{table}} topic
 * with the JSON row mapper.
 *
 * <p>Per-connection state, reused from message to message: the topic's resolution (the matching configured mapping
 * with its captured values, or the default topic's table) is cached per topic, since a device publishes to the same
 * few topics; the cache holds at most {@link #MAX_CACHED_TOPICS} topics and is emptied whenever the schema changes
 * (a new {@link Schema} instance), so a dropped or altered table is seen at once. The payload is parsed in place from
 * the buffer's array, or from a scratch array reused across messages for a direct buffer (grown to the largest
 * payload seen, which the MQTT decoder bounds by the maximum packet size).
 *
 * <p>Allocation per message on the default topic, on top of the row mapper's: none for a cached topic; the
 * {@link MappedMessage} holder.
 *
 * <p>Thread safety: not thread-safe; confined to one connection's event loop (or the bridge's thread).
 */
final class MqttMessageMapper {

    /**
     * What a message maps to: its mutations, or why it was refused.
     *
     * @param mutations the rows, one mutation each; empty when refused
     * @param reason    why it was refused, or null when mapped
     * @param rows      the rows refused (for the counters); 0 when mapped
     * @param example   the rejection log line's example (topic, row, column, reason); null when mapped
     * @param trusted   the mutations come from the JSON row mapper, which guarantees what
     *                  {@code StorageEngine.offerTrusted} requires; false for line protocol
     */
    record MappedMessage(List<Mutation> mutations, RejectReason reason, int rows, String example, boolean trusted) {

        static MappedMessage mapped(List<Mutation> mutations, boolean trusted) {
            return new MappedMessage(mutations, null, 0, null, trusted);
        }

        static MappedMessage refused(RejectReason reason, int rows, String example) {
            return new MappedMessage(List.of(), reason, rows, example, false);
        }

        boolean isRefused() {
            return reason != null;
        }
    }

    /** The most topics whose resolution one connection caches; past it the cache starts over. */
    static final int MAX_CACHED_TOPICS = 256;
    private static final int INITIAL_SCRATCH_BYTES = 1024;

    /** Where a topic goes: a configured mapping, or the default topic's table (exactly one is set). */
    private record Route(MqttTopicMappings.Match match, TableMetadata table) {
    }

    private final IngestGateway gateway;
    private final MqttTopicMappings topicMappings;
    private final Map<String, Route> routes = new HashMap<>();
    /** The schema the cached routes were resolved in. */
    private Schema routesSchema;
    private byte[] scratch = new byte[INITIAL_SCRATCH_BYTES];

    MqttMessageMapper(IngestGateway gateway, List<MqttTopicMapping> mappings) {
        this.gateway = gateway;
        this.topicMappings = new MqttTopicMappings(mappings, gateway);
    }

    /** @return the message's mutations, or why not; {@code payload} is only read during the call */
    MappedMessage map(String topic, ByteBuf payload) {
        Object route = route(topic);
        if (route instanceof MappedMessage refusal) {
            return refusal;
        }
        int lengthBytes = payload.readableBytes();
        byte[] bytes;
        int offset;
        if (payload.hasArray()) {
            bytes = payload.array();
            offset = payload.arrayOffset() + payload.readerIndex();
        } else {
            if (scratch.length < lengthBytes) {
                scratch = new byte[Math.max(lengthBytes, 2 * scratch.length)];
            }
            payload.getBytes(payload.readerIndex(), scratch, 0, lengthBytes);
            bytes = scratch;
            offset = 0;
        }
        Route resolved = (Route) route;
        MappingResult result = resolved.match() != null
                ? topicMappings.map(resolved.match(), bytes, offset, lengthBytes)
                : gateway.mapper().map(resolved.table(), bytes, offset, lengthBytes, OptionalInt.empty());
        if (result instanceof MappingResult.Rejected rejected) {
            return refused(topic, rejected);
        }
        boolean trusted = resolved.match() == null
                || resolved.match().mapping().payloadFormat() == MqttTopicMapping.PayloadFormat.JSON;
        return MappedMessage.mapped(((MappingResult.Mapped) result).mutations(), trusted);
    }

    /** @return the topic's {@link Route} (cached per schema), or the {@link MappedMessage} refusing it */
    private Object route(String topic) {
        Schema schema = gateway.engine().schema();
        if (schema != routesSchema || routes.size() >= MAX_CACHED_TOPICS) {
            routes.clear();
            routesSchema = schema;
        }
        Route cached = routes.get(topic);
        if (cached != null) {
            return cached;
        }
        MqttTopicMappings.Match match = topicMappings.match(topic);
        if (match != null) {
            Route route = new Route(match, null);
            routes.put(topic, route);
            return route;
        }
        IngestTopic target = IngestTopic.parse(topic);
        if (target == null) {
            return MappedMessage.refused(RejectReason.BAD_TOPIC, 1, "topic \"" + topic + "\" is not "
                    + IngestTopic.PREFIX + "/{keyspace}/{table}" + topicMappings.describeFilters());
        }
        TableMetadata table = schema.table(target.keyspace(), target.table());
        if (table == null) {
            String why = schema.keyspace(target.keyspace()) == null
                    ? "keyspace " + target.keyspace() + " does not exist"
                    : "table " + target.table() + " does not exist";
            return MappedMessage.refused(RejectReason.UNKNOWN_TABLE, 1, "topic \"" + topic + "\": " + why);
        }
        Route route = new Route(null, table);
        routes.put(topic, route);
        return route;
    }

    private static MappedMessage refused(String topic, MappingResult.Rejected rejected) {
        RowError first = rejected.first();
        String where = (first.row() == RowError.WHOLE_PAYLOAD ? "" : "row " + first.row() + ", ")
                + (first.column() == null ? "" : "column \"" + first.column() + "\", ");
        return MappedMessage.refused(first.kind(), rejected.rowCount(),
                "topic \"" + topic + "\": " + where + first.reason());
    }
}
