package io.almanac.cql.transport;

import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.QueryOptions;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Decodes request bodies per protocol version (native_protocol_v4.spec and v5.spec §4.1; reference §1.6).
 *
 * <p>Thread safety: stateless. Every method throws {@link ProtocolException} for a malformed body; trailing bytes are
 * ignored, as the spec asks of receivers.
 *
 * <pre>{@code
 * QUERY    <query:[long string]><query_parameters>
 * PREPARE  v4: <query:[long string]>     v5: <query><flags:[int]>[<keyspace:[string]> if flags & 0x01]
 * EXECUTE  v4: <id:[short bytes]><query_parameters>
 *          v5: <id:[short bytes]><result_metadata_id:[short bytes]><query_parameters>
 * BATCH    <type:[byte]><n:[short]> n x (<kind:[byte] 0|1><[long string] | [short bytes]><n:[short]><[value]>*)
 *          <consistency:[short]><flags>[serial_consistency][timestamp][keyspace (v5)][now_in_seconds (v5)]
 *
 * query_parameters = <consistency:[short]><flags: [byte] v4, [int] v5>
 *                    [<n:[short]> n x ([name:[string]] if 0x40) <[value]>]   0x01
 *                    [<page_size:[int]>] 0x04  [<paging_state:[bytes]>] 0x08  [<serial:[short]>] 0x10
 *                    [<timestamp:[long]>] 0x20  [<keyspace:[string]>] 0x80 (v5)  [<now:[int]>] 0x100 (v5)
 * }</pre>
 */
final class RequestDecoder {

    static final int VALUES = 0x01;
    static final int SKIP_METADATA = 0x02;
    static final int PAGE_SIZE = 0x04;
    static final int PAGING_STATE = 0x08;
    static final int SERIAL_CONSISTENCY = 0x10;
    static final int DEFAULT_TIMESTAMP = 0x20;
    static final int NAMES_FOR_VALUES = 0x40;
    static final int WITH_KEYSPACE = 0x80;
    static final int NOW_IN_SECONDS = 0x100;
    private static final int PREPARE_WITH_KEYSPACE = 0x01;
    private static final int MAX_CONSISTENCY = 0x0A;

    /** A decoded QUERY. */
    record Query(String query, QueryOptions options) {
    }

    /** A decoded PREPARE; {@code keyspace} is null unless v5 sent one. */
    record Prepare(String query, String keyspace) {
    }

    /** A decoded EXECUTE; {@code resultMetadataId} is null under v4. */
    record Execute(byte[] id, byte[] resultMetadataId, QueryOptions options) {
    }

    /** A decoded BATCH. */
    record Batch(BatchType type, List<BatchEntry> entries, QueryOptions options) {
    }

    private RequestDecoder() {
    }

    static Query query(ByteBuf body, int version) {
        String query = WireFormat.readLongString(body, "query string");
        return new Query(query, queryParameters(body, version));
    }

    static Prepare prepare(ByteBuf body, int version) {
        String query = WireFormat.readLongString(body, "query string");
        String keyspace = null;
        if (version >= ProtocolVersions.V5) {
            int flags = WireFormat.readInt(body, "PREPARE flags");
            if ((flags & PREPARE_WITH_KEYSPACE) != 0) {
                keyspace = WireFormat.readString(body, "PREPARE keyspace");
            }
        }
        return new Prepare(query, keyspace);
    }

    static Execute execute(ByteBuf body, int version) {
        byte[] id = WireFormat.readShortBytes(body, "prepared statement id");
        byte[] resultMetadataId = version >= ProtocolVersions.V5
                ? WireFormat.readShortBytes(body, "result metadata id") : null;
        return new Execute(id, resultMetadataId, queryParameters(body, version));
    }

    static Batch batch(ByteBuf body, int version) {
        int typeCode = WireFormat.readByte(body, "BATCH type");
        if (typeCode >= BatchType.values().length) {
            throw new ProtocolException("Invalid BATCH type " + typeCode + " (must be 0 logged, 1 unlogged or 2"
                    + " counter)");
        }
        int count = WireFormat.readUnsignedShort(body, "BATCH statement count");
        List<BatchEntry> entries = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            entries.add(batchEntry(body));
        }
        int consistency = consistency(body, "BATCH consistency");
        int flags = flags(body, version);
        if ((flags & NAMES_FOR_VALUES) != 0) {
            throw new ProtocolException("Names for values (flag 0x40) are not supported in BATCH messages"
                    + " (CASSANDRA-10246)");
        }
        OptionalParameters tail = optionalParameters(body, version, flags);
        QueryOptions options = new QueryOptions(consistency, List.of(), null, false, -1, null,
                tail.serialConsistency, tail.timestampMicros, tail.keyspace, tail.nowInSeconds, version);
        return new Batch(BatchType.values()[typeCode], Collections.unmodifiableList(entries), options);
    }

    private static BatchEntry batchEntry(ByteBuf body) {
        int kind = WireFormat.readByte(body, "BATCH statement kind");
        String query = null;
        byte[] id = null;
        if (kind == 0) {
            query = WireFormat.readLongString(body, "BATCH query string");
        } else if (kind == 1) {
            id = WireFormat.readShortBytes(body, "BATCH prepared statement id");
        } else {
            throw new ProtocolException("Invalid query kind in BATCH messages. Must be 0 or 1 but got " + kind);
        }
        int valueCount = WireFormat.readUnsignedShort(body, "BATCH value count");
        List<byte[]> values = new ArrayList<>(Math.min(valueCount, 1024));
        for (int i = 0; i < valueCount; i++) {
            values.add(WireFormat.readValue(body, "BATCH value"));
        }
        return new BatchEntry(query, id, Collections.unmodifiableList(values));
    }

    /** @return the STARTUP options, keys upper-cased as Cassandra does */
    static Map<String, String> startup(ByteBuf body) {
        Map<String, String> options = new java.util.TreeMap<>();
        WireFormat.readStringMap(body, "STARTUP options")
                .forEach((key, value) -> options.put(key.toUpperCase(java.util.Locale.ROOT), value));
        return options;
    }

    static List<String> register(ByteBuf body) {
        return WireFormat.readStringList(body, "REGISTER event types");
    }

    static QueryOptions queryParameters(ByteBuf body, int version) {
        int consistency = consistency(body, "consistency");
        int flags = flags(body, version);
        List<byte[]> values = List.of();
        List<String> names = null;
        if ((flags & VALUES) != 0) {
            boolean named = (flags & NAMES_FOR_VALUES) != 0;
            int count = WireFormat.readUnsignedShort(body, "value count");
            List<byte[]> read = new ArrayList<>(Math.min(count, 1024));
            List<String> readNames = named ? new ArrayList<>(Math.min(count, 1024)) : null;
            for (int i = 0; i < count; i++) {
                if (named) {
                    readNames.add(WireFormat.readString(body, "value name"));
                }
                read.add(WireFormat.readValue(body, "bound value"));
            }
            values = Collections.unmodifiableList(read);
            names = named ? List.copyOf(readNames) : null;
        }
        int pageSize = (flags & PAGE_SIZE) != 0 ? WireFormat.readInt(body, "page size") : -1;
        byte[] pagingState = (flags & PAGING_STATE) != 0 ? WireFormat.readBytes(body, "paging state") : null;
        OptionalParameters tail = optionalParameters(body, version, flags);
        return new QueryOptions(consistency, values, names, (flags & SKIP_METADATA) != 0, pageSize, pagingState,
                tail.serialConsistency, tail.timestampMicros, tail.keyspace, tail.nowInSeconds, version);
    }

    private record OptionalParameters(int serialConsistency, long timestampMicros, String keyspace,
                                      int nowInSeconds) {
    }

    private static OptionalParameters optionalParameters(ByteBuf body, int version, int flags) {
        int serial = (flags & SERIAL_CONSISTENCY) != 0 ? consistency(body, "serial consistency") : -1;
        long timestamp = Long.MIN_VALUE;
        if ((flags & DEFAULT_TIMESTAMP) != 0) {
            timestamp = WireFormat.readLong(body, "default timestamp");
            if (timestamp == Long.MIN_VALUE) {
                throw new ProtocolException("Out of bound timestamp, must be in [" + (Long.MIN_VALUE + 1) + ", "
                        + Long.MAX_VALUE + "] (got " + timestamp + ")");
            }
        }
        String keyspace = (flags & WITH_KEYSPACE) != 0 ? WireFormat.readString(body, "keyspace") : null;
        int now = (flags & NOW_IN_SECONDS) != 0 ? WireFormat.readInt(body, "now in seconds") : Integer.MIN_VALUE;
        return new OptionalParameters(serial, timestamp, keyspace, now);
    }

    private static int flags(ByteBuf body, int version) {
        if (version >= ProtocolVersions.V5) {
            return WireFormat.readInt(body, "flags");
        }
        int flags = WireFormat.readByte(body, "flags");
        if ((flags & WITH_KEYSPACE) != 0) {
            throw new ProtocolException("The keyspace flag (0x80) requires protocol version 5 or higher");
        }
        return flags;
    }

    private static int consistency(ByteBuf body, String what) {
        int code = WireFormat.readUnsignedShort(body, what);
        if (code > MAX_CONSISTENCY) {
            throw new ProtocolException("Unknown code " + code + " for a consistency level");
        }
        return code;
    }
}
