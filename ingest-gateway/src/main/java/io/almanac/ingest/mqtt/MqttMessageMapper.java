package io.almanac.ingest.mqtt;

import io.almanac.ingest.IngestGateway;
import io.almanac.ingest.mapping.MappingResult;
import io.almanac.ingest.mapping.RejectReason;
import io.almanac.ingest.mapping.RowError;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.schema.Schema;
import io.almanac.storage.schema.TableMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.util.List;
import java.util.OptionalInt;

/**
 * Maps one MQTT message (topic and payload) to mutations, the same for a PUBLISH to our endpoint
 * ({@link MqttPublishFlow}) and a message bridged from another broker ({@link MqttBridge}): the configured topic
 * mappings first, in order ({@link MqttTopicMappings}), then the default {@code almanac/{keyspace}/{table}} topic
 * with the JSON row mapper.
 *
 * <p>Thread safety: immutable; safe from any thread.
 */
final class MqttMessageMapper {

    /**
     * What a message maps to: its mutations, or why it was refused.
     *
     * @param mutations the rows, one mutation each; empty when refused
     * @param reason    why it was refused, or null when mapped
     * @param rows      the rows refused (for the counters); 0 when mapped
     * @param example   the rejection log line's example (topic, row, column, reason); null when mapped
     */
    record MappedMessage(List<Mutation> mutations, RejectReason reason, int rows, String example) {

        static MappedMessage mapped(List<Mutation> mutations) {
            return new MappedMessage(mutations, null, 0, null);
        }

        static MappedMessage refused(RejectReason reason, int rows, String example) {
            return new MappedMessage(List.of(), reason, rows, example);
        }

        boolean isRefused() {
            return reason != null;
        }
    }

    private final IngestGateway gateway;
    private final MqttTopicMappings topicMappings;

    MqttMessageMapper(IngestGateway gateway, List<MqttTopicMapping> mappings) {
        this.gateway = gateway;
        this.topicMappings = new MqttTopicMappings(mappings, gateway);
    }

    /** @return the message's mutations, or why not; {@code payload} is only read during the call */
    MappedMessage map(String topic, ByteBuf payload) {
        MqttTopicMappings.Outcome configured = topicMappings.map(topic, payload);
        if (configured != null) {
            return configured.result() instanceof MappingResult.Mapped mapped
                    ? MappedMessage.mapped(mapped.mutations())
                    : refused(topic, (MappingResult.Rejected) configured.result());
        }
        IngestTopic target = IngestTopic.parse(topic);
        if (target == null) {
            return MappedMessage.refused(RejectReason.BAD_TOPIC, 1, "topic \"" + topic + "\" is not "
                    + IngestTopic.PREFIX + "/{keyspace}/{table}" + topicMappings.describeFilters());
        }
        Schema schema = gateway.engine().schema();
        TableMetadata table = schema.table(target.keyspace(), target.table());
        if (table == null) {
            String why = schema.keyspace(target.keyspace()) == null
                    ? "Keyspace " + target.keyspace() + " does not exist" : "unconfigured table " + target.table();
            return MappedMessage.refused(RejectReason.UNKNOWN_TABLE, 1, "topic \"" + topic + "\": " + why);
        }
        MappingResult result = gateway.mapper().map(table, new ByteBufInputStream(payload), OptionalInt.empty());
        if (result instanceof MappingResult.Rejected rejected) {
            return refused(topic, rejected);
        }
        return MappedMessage.mapped(((MappingResult.Mapped) result).mutations());
    }

    private static MappedMessage refused(String topic, MappingResult.Rejected rejected) {
        RowError first = rejected.first();
        String where = (first.row() == RowError.WHOLE_PAYLOAD ? "" : "row " + first.row() + ", ")
                + (first.column() == null ? "" : "column \"" + first.column() + "\", ");
        return MappedMessage.refused(first.kind(), rejected.rowCount(),
                "topic \"" + topic + "\": " + where + first.reason());
    }
}
