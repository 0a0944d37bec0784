package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.CqlTypes;
import io.almanac.storage.schema.NativeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RESULT bodies per version (native_protocol_v5.spec §4.2.5, reference §1.7, §1.10). */
class ResultEncoderTest {

    private static final ResultMetadata READINGS = new ResultMetadata(List.of(
            new ColumnSpec("iot", "readings", "device_id", NativeType.TEXT),
            new ColumnSpec("iot", "readings", "tags", CqlTypes.parse("frozen<map<text, int>>")),
            new ColumnSpec("iot", "readings", "window", NativeType.DURATION)));

    private static ByteBuf encode(ResultMessage result, int version, boolean skipMetadata, byte[] executeId) {
        ByteBuf out = Unpooled.buffer();
        ResultEncoder.encode(out, result, version, skipMetadata, executeId);
        return out;
    }

    private static ResultMessage.Rows oneRow(byte[] pagingState) {
        List<byte[][]> rows = new ArrayList<>();
        rows.add(new byte[][] {{'d', '1'}, null, new byte[0]});
        return new ResultMessage.Rows(READINGS, rows, pagingState);
    }

    @Test
    void rowsUseTheGlobalTableSpecAndNativeAndCollectionOptions() {
        ByteBuf body = encode(oneRow(null), 5, false, null);
        RowsReader rows = RowsReader.read(body);
        assertThat(rows.flags()).isEqualTo(ResultEncoder.GLOBAL_TABLES_SPEC);
        assertThat(rows.keyspace()).isEqualTo("iot");
        assertThat(rows.table()).isEqualTo("readings");
        assertThat(rows.columnNames()).containsExactly("device_id", "tags", "window");
        assertThat(rows.columnTypes()).containsExactly("0x000d", "map<0x000d,0x0009>", "0x0015");
        assertThat(rows.rows().get(0)[1]).isNull();
        assertThat(rows.rows().get(0)[2]).isEmpty();
        assertThat(body.isReadable()).isFalse();
        body.release();
    }

    @Test
    void durationIsACustomTypeBeforeV5() {
        ByteBuf body = encode(oneRow(null), 4, false, null);
        assertThat(RowsReader.read(body).columnTypes().get(2))
                .isEqualTo("custom:org.apache.cassandra.db.marshal.DurationType");
        body.release();
    }

    @Test
    void tuplesAreOption0x0031WithTheirComponentsInV4AndV5() {
        ResultMetadata tuples = new ResultMetadata(List.of(new ColumnSpec("iot", "t", "p",
                CqlTypes.parse("tuple<int, frozen<list<text>>, tuple<bigint, duration>>"))));
        for (int version = 4; version <= 5; version++) {
            ByteBuf body = encode(new ResultMessage.Rows(tuples, List.of(), null), version, false, null);
            String duration = version < 5 ? "custom:org.apache.cassandra.db.marshal.DurationType" : "0x0015";
            assertThat(RowsReader.read(body).columnTypes()).as("v" + version)
                    .containsExactly("tuple<0x0009,list<0x000d>,tuple<0x0002," + duration + ">>");
            body.release();
        }
    }

    @Test
    void columnsFromSeveralTablesCarryTheirOwnSpec() {
        ResultMetadata mixed = new ResultMetadata(List.of(new ColumnSpec("a", "t", "x", NativeType.INT),
                new ColumnSpec("b", "t", "y", NativeType.INT)));
        ByteBuf body = encode(new ResultMessage.Rows(mixed, List.of(), null), 4, false, null);
        RowsReader rows = RowsReader.read(body);
        assertThat(rows.flags()).isZero();
        assertThat(rows.keyspace()).isEqualTo("b");
        assertThat(rows.columnNames()).containsExactly("x", "y");
        body.release();
    }

    @Test
    void pagingStateAndSkipMetadata() {
        ByteBuf body = encode(oneRow(new byte[] {1, 2, 3}), 4, true, null);
        RowsReader rows = RowsReader.read(body);
        assertThat(rows.flags()).isEqualTo(ResultEncoder.HAS_MORE_PAGES | ResultEncoder.NO_METADATA);
        assertThat(rows.pagingState()).containsExactly(1, 2, 3);
        assertThat(rows.columnNames()).isEmpty();
        assertThat(rows.rows()).hasSize(1);
        body.release();
    }

    @Test
    void v5ExecuteWithAStaleMetadataIdGetsMetadataChangedAndTheNewId() {
        byte[] current = ResultMetadataDigest.of(READINGS);
        ByteBuf fresh = encode(oneRow(null), 5, true, current);
        assertThat(RowsReader.read(fresh).flags()).isEqualTo(ResultEncoder.NO_METADATA);

        ByteBuf stale = encode(oneRow(null), 5, true, new byte[16]);
        RowsReader rows = RowsReader.read(stale);
        assertThat(rows.flags()).isEqualTo(ResultEncoder.METADATA_CHANGED | ResultEncoder.GLOBAL_TABLES_SPEC);
        assertThat(rows.newMetadataId()).isEqualTo(current);
        assertThat(rows.columnNames()).containsExactly("device_id", "tags", "window");
        fresh.release();
        stale.release();
    }

    @Test
    void preparedCarriesPkIndexesAndV5ResultMetadataId() {
        ResultMetadata binds = new ResultMetadata(List.of(
                new ColumnSpec("iot", "readings", "device_id", NativeType.TEXT),
                new ColumnSpec("iot", "readings", "[ttl]", NativeType.INT)));
        ResultMessage.Prepared prepared = new ResultMessage.Prepared(new byte[] {5, 5}, null, binds, new int[] {0},
                READINGS);
        for (int version : new int[] {4, 5}) {
            ByteBuf body = encode(prepared, version, false, null);
            assertThat(body.readInt()).isEqualTo(ResultEncoder.KIND_PREPARED);
            assertThat(WireFormat.readShortBytes(body, "id")).containsExactly(5, 5);
            if (version == 5) {
                assertThat(WireFormat.readShortBytes(body, "result metadata id"))
                        .isEqualTo(ResultMetadataDigest.of(READINGS));
            }
            assertThat(body.readInt()).isEqualTo(ResultEncoder.GLOBAL_TABLES_SPEC);
            assertThat(body.readInt()).isEqualTo(2);
            assertThat(body.readInt()).isEqualTo(1);
            assertThat(body.readUnsignedShort()).isZero();
            assertThat(WireFormat.readString(body, "ks")).isEqualTo("iot");
            assertThat(WireFormat.readString(body, "table")).isEqualTo("readings");
            assertThat(WireFormat.readString(body, "name")).isEqualTo("device_id");
            assertThat(RowsReader.option(body)).isEqualTo("0x000d");
            assertThat(WireFormat.readString(body, "name")).isEqualTo("[ttl]");
            assertThat(RowsReader.option(body)).isEqualTo("0x0009");
            assertThat(body.readInt()).isEqualTo(ResultEncoder.GLOBAL_TABLES_SPEC);
            assertThat(body.readInt()).isEqualTo(3);
            body.release();
        }
    }

    @Test
    void preparedNonSelectHasNoResultMetadata() {
        ResultMessage.Prepared insert = new ResultMessage.Prepared(new byte[] {1}, null, ResultMetadata.EMPTY,
                new int[0], ResultMetadata.EMPTY);
        ByteBuf body = encode(insert, 4, false, null);
        body.skipBytes(4 + 2 + 1);
        assertThat(List.of(body.readInt(), body.readInt(), body.readInt(), body.readInt(), body.readInt()))
                .containsExactly(0, 0, 0, ResultEncoder.NO_METADATA, 0);
        assertThat(body.isReadable()).isFalse();
        body.release();
    }

    @Test
    void schemaChangeBodies() {
        ByteBuf keyspace = encode(new ResultMessage.SchemaChange("DROPPED", "KEYSPACE", "iot", ""), 4, false, null);
        assertThat(keyspace.readInt()).isEqualTo(ResultEncoder.KIND_SCHEMA_CHANGE);
        assertThat(List.of(WireFormat.readString(keyspace, "c"), WireFormat.readString(keyspace, "t"),
                WireFormat.readString(keyspace, "k"))).containsExactly("DROPPED", "KEYSPACE", "iot");
        assertThat(keyspace.isReadable()).isFalse();
        ByteBuf function = encode(new ResultMessage.SchemaChange("CREATED", "FUNCTION", "iot", "f"), 5, false, null);
        function.skipBytes(4);
        for (String expected : List.of("CREATED", "FUNCTION", "iot", "f")) {
            assertThat(WireFormat.readString(function, "part")).isEqualTo(expected);
        }
        assertThat(WireFormat.readStringList(function, "args")).isEmpty();
        keyspace.release();
        function.release();
    }

    @Test
    void voidAndSetKeyspace() {
        ByteBuf result = encode(ResultMessage.Void.INSTANCE, 4, false, null);
        assertThat(result.readableBytes()).isEqualTo(4);
        assertThat(result.readInt()).isEqualTo(ResultEncoder.KIND_VOID);
        result.release();
    }
}
