package io.almanac.cql.transport;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TupleType;
import io.almanac.storage.schema.UserType;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes RESULT bodies (opcode 0x08) and SCHEMA_CHANGE event bodies per protocol version (native_protocol_v5.spec
 * §4.2.5-4.2.6; reference §1.7).
 *
 * <p>Thread safety: stateless.
 *
 * <pre>{@code
 * Void           [int] 0x0001
 * Rows           [int] 0x0002 <metadata><rows_count:[int]> rows x columns x [bytes]
 *   metadata     <flags:[int]><columns_count:[int]>[paging_state:[bytes]][new_metadata_id:[short bytes], v5]
 *                [<keyspace:[string]><table:[string]> if Global_tables_spec] col_spec*  (unless No_metadata)
 *   col_spec     [<keyspace><table> unless global]<name:[string]><type:[option]>
 *   flags        0x01 Global_tables_spec  0x02 Has_more_pages  0x04 No_metadata  0x08 Metadata_changed (v5)
 * Set_keyspace   [int] 0x0003 <keyspace:[string]>
 * Prepared       [int] 0x0004 <id:[short bytes]>[<result_metadata_id:[short bytes]> v5]
 *                <flags:[int]><columns_count:[int]><pk_count:[int]><pk_index:[short]>*[global spec]col_spec*
 *                <result metadata, as Rows metadata; No_metadata with 0 columns when nothing is returned>
 * Schema_change  [int] 0x0005 <change:[string]><target:[string]><keyspace:[string]>[<name:[string]>]
 *                [<argument types:[string list]> for FUNCTION and AGGREGATE]
 * [option]       [short] id: native type id; 0x0000 Custom + class name; 0x0020 list / 0x0022 set + element
 *                [option]; 0x0021 map + key and value [option]s. duration is Custom DurationType before v5.
 * }</pre>
 */
final class ResultEncoder {

    static final int KIND_VOID = 0x0001;
    static final int KIND_ROWS = 0x0002;
    static final int KIND_SET_KEYSPACE = 0x0003;
    static final int KIND_PREPARED = 0x0004;
    static final int KIND_SCHEMA_CHANGE = 0x0005;
    static final int GLOBAL_TABLES_SPEC = 0x0001;
    static final int HAS_MORE_PAGES = 0x0002;
    static final int NO_METADATA = 0x0004;
    static final int METADATA_CHANGED = 0x0008;
    static final String DURATION_CLASS = "org.apache.cassandra.db.marshal.DurationType";

    private ResultEncoder() {
    }

    /**
     * @param skipMetadata            whether the request set SKIP_METADATA
     * @param executeResultMetadataId the result_metadata_id a v5 EXECUTE carried, or null for other requests
     * @throws IllegalStateException when a row does not have one value per column (a bug in the query processor)
     */
    static void encode(ByteBuf out, ResultMessage result, int version, boolean skipMetadata,
                       byte[] executeResultMetadataId) {
        if (result instanceof ResultMessage.Void) {
            out.writeInt(KIND_VOID);
        } else if (result instanceof ResultMessage.Rows rows) {
            out.writeInt(KIND_ROWS);
            rows(out, rows, version, skipMetadata, executeResultMetadataId);
        } else if (result instanceof ResultMessage.SetKeyspace setKeyspace) {
            out.writeInt(KIND_SET_KEYSPACE);
            WireFormat.writeString(out, setKeyspace.keyspace());
        } else if (result instanceof ResultMessage.Prepared prepared) {
            out.writeInt(KIND_PREPARED);
            prepared(out, prepared, version);
        } else if (result instanceof ResultMessage.SchemaChange change) {
            out.writeInt(KIND_SCHEMA_CHANGE);
            schemaChange(out, change);
        } else {
            throw new IllegalStateException("Unknown result " + result);
        }
    }

    private static void rows(ByteBuf out, ResultMessage.Rows rows, int version, boolean skipMetadata,
                             byte[] executeResultMetadataId) {
        List<ColumnSpec> columns = rows.metadata().columns();
        byte[] newMetadataId = null;
        if (version >= ProtocolVersions.V5 && executeResultMetadataId != null) {
            byte[] current = ResultMetadataDigest.of(rows.metadata());
            newMetadataId = Arrays.equals(current, executeResultMetadataId) ? null : current;
        }
        boolean noMetadata = skipMetadata && newMetadataId == null;
        boolean global = !noMetadata && isGlobal(columns);
        int flags = (global ? GLOBAL_TABLES_SPEC : 0) | (noMetadata ? NO_METADATA : 0)
                | (rows.pagingState() != null ? HAS_MORE_PAGES : 0) | (newMetadataId != null ? METADATA_CHANGED : 0);
        out.writeInt(flags);
        out.writeInt(columns.size());
        if (rows.pagingState() != null) {
            WireFormat.writeBytes(out, rows.pagingState());
        }
        if (newMetadataId != null) {
            WireFormat.writeShortBytes(out, newMetadataId);
        }
        if (!noMetadata) {
            columnSpecs(out, columns, global, version);
        }
        out.writeInt(rows.rows().size());
        for (byte[][] row : rows.rows()) {
            if (row.length != columns.size()) {
                throw new IllegalStateException("Row with " + row.length + " values for " + columns.size()
                        + " columns");
            }
            for (byte[] value : row) {
                WireFormat.writeBytes(out, value);
            }
        }
    }

    private static void prepared(ByteBuf out, ResultMessage.Prepared prepared, int version) {
        ResultMetadata result = prepared.resultMetadata() == null ? ResultMetadata.EMPTY : prepared.resultMetadata();
        WireFormat.writeShortBytes(out, prepared.id());
        if (version >= ProtocolVersions.V5) {
            WireFormat.writeShortBytes(out, prepared.resultMetadataId() != null
                    ? prepared.resultMetadataId() : ResultMetadataDigest.of(result));
        }
        List<ColumnSpec> binds = prepared.bindVariables() == null
                ? List.of() : prepared.bindVariables().columns();
        boolean global = isGlobal(binds);
        int[] pkIndexes = prepared.pkIndexes() == null ? new int[0] : prepared.pkIndexes();
        out.writeInt(global ? GLOBAL_TABLES_SPEC : 0);
        out.writeInt(binds.size());
        out.writeInt(pkIndexes.length);
        for (int index : pkIndexes) {
            out.writeShort(index);
        }
        columnSpecs(out, binds, global, version);
        List<ColumnSpec> columns = result.columns();
        if (columns.isEmpty()) {
            out.writeInt(NO_METADATA);
            out.writeInt(0);
            return;
        }
        boolean resultGlobal = isGlobal(columns);
        out.writeInt(resultGlobal ? GLOBAL_TABLES_SPEC : 0);
        out.writeInt(columns.size());
        columnSpecs(out, columns, resultGlobal, version);
    }

    /** Writes a Schema_change body (also the body of a SCHEMA_CHANGE event after its type string). */
    static void schemaChange(ByteBuf out, ResultMessage.SchemaChange change) {
        WireFormat.writeString(out, change.change());
        WireFormat.writeString(out, change.target());
        WireFormat.writeString(out, change.keyspace());
        if (!"KEYSPACE".equals(change.target())) {
            WireFormat.writeString(out, change.name() == null ? "" : change.name());
        }
        if ("FUNCTION".equals(change.target()) || "AGGREGATE".equals(change.target())) {
            WireFormat.writeStringList(out, List.of());
        }
    }

    private static boolean isGlobal(List<ColumnSpec> columns) {
        if (columns.isEmpty()) {
            return false;
        }
        ColumnSpec first = columns.get(0);
        for (ColumnSpec column : columns) {
            if (!column.keyspace().equals(first.keyspace()) || !column.table().equals(first.table())) {
                return false;
            }
        }
        return true;
    }

    private static void columnSpecs(ByteBuf out, List<ColumnSpec> columns, boolean global, int version) {
        if (global) {
            WireFormat.writeString(out, columns.get(0).keyspace());
            WireFormat.writeString(out, columns.get(0).table());
        }
        for (ColumnSpec column : columns) {
            if (!global) {
                WireFormat.writeString(out, column.keyspace());
                WireFormat.writeString(out, column.table());
            }
            WireFormat.writeString(out, column.name());
            writeType(out, column.type(), version);
        }
    }

    /** Writes {@code type} as an {@code [option]}. */
    static void writeType(ByteBuf out, CqlType type, int version) {
        if (type instanceof NativeType nativeType) {
            if (nativeType == NativeType.DURATION && version < ProtocolVersions.V5) {
                out.writeShort(0x0000);
                WireFormat.writeString(out, DURATION_CLASS);
            } else {
                out.writeShort(nativeType.protocolId());
            }
        } else if (type instanceof CollectionType collection) {
            out.writeShort(collection.kind().protocolId());
            writeType(out, collection.elements(), version);
            if (collection.kind() == CollectionType.Kind.MAP) {
                writeType(out, collection.values(), version);
            }
        } else if (type instanceof UserType user) {
            // native_protocol_v5.spec §4.2.5.2: 0x0030 <ks><udt_name><n><name_1><type_1>...<name_n><type_n>
            out.writeShort(0x0030);
            WireFormat.writeString(out, user.keyspace());
            WireFormat.writeString(out, user.name());
            out.writeShort(user.fieldNames().size());
            for (int i = 0; i < user.fieldNames().size(); i++) {
                WireFormat.writeString(out, user.fieldNames().get(i));
                writeType(out, user.fieldTypes().get(i), version);
            }
        } else if (type instanceof TupleType tuple) {
            // native_protocol_v5.spec §4.2.5.2: 0x0031 <n><type_1>...<type_n>
            out.writeShort(0x0031);
            out.writeShort(tuple.componentTypes().size());
            for (CqlType component : tuple.componentTypes()) {
                writeType(out, component, version);
            }
        } else {
            throw new IllegalStateException("Unknown CQL type " + type);
        }
    }
}
