package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.QueryOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies per version (native_protocol_v4.spec / v5.spec §4.1.4-4.1.7, reference §1.6). */
class RequestDecoderTest {

    private static ByteBuf longString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return out.writeInt(bytes.length).writeBytes(bytes);
    }

    @Test
    void v4QueryWithEveryParameter() {
        ByteBuf body = longString(Unpooled.buffer(), "SELECT * FROM t WHERE k = ? AND c = ? AND d = ?");
        body.writeShort(0x0006); // LOCAL_QUORUM
        body.writeByte(0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20);
        body.writeShort(3).writeInt(2).writeBytes(new byte[] {1, 2}).writeInt(-1).writeInt(-2);
        body.writeInt(5000);
        body.writeInt(3).writeBytes(new byte[] {9, 9, 9});
        body.writeShort(0x0009); // LOCAL_SERIAL
        body.writeLong(1_700_000_000_000_000L);

        RequestDecoder.Query query = RequestDecoder.query(body, 4);
        QueryOptions options = query.options();
        assertThat(query.query()).isEqualTo("SELECT * FROM t WHERE k = ? AND c = ? AND d = ?");
        assertThat(options.consistency()).isEqualTo(6);
        assertThat(options.values()).hasSize(3);
        assertThat(options.values().get(0)).containsExactly(1, 2);
        assertThat(options.values().get(1)).isNull();
        assertThat(QueryOptions.isUnset(options.values().get(2))).isTrue();
        assertThat(options.names()).isNull();
        assertThat(options.skipMetadata()).isTrue();
        assertThat(options.pageSize()).isEqualTo(5000);
        assertThat(options.pagingState()).containsExactly(9, 9, 9);
        assertThat(options.serialConsistency()).isEqualTo(9);
        assertThat(options.defaultTimestampMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(options.keyspace()).isNull();
        assertThat(options.nowInSeconds()).isEqualTo(Integer.MIN_VALUE);
        assertThat(options.protocolVersion()).isEqualTo(4);
        body.release();
    }

    @Test
    void v5QueryWithNamedValuesKeyspaceAndNow() {
        ByteBuf body = longString(Unpooled.buffer(),
                "SELECT * FROM system.peers_v2 WHERE peer = :address and peer_port = :port");
        body.writeShort(1).writeInt(0x01 | 0x40 | 0x80 | 0x100);
        body.writeShort(2);
        WireFormat.writeString(body, "address");
        body.writeInt(4).writeBytes(new byte[] {127, 0, 0, 2});
        WireFormat.writeString(body, "port");
        body.writeInt(4).writeInt(9042);
        WireFormat.writeString(body, "system");
        body.writeInt(1_700_000_000);

        QueryOptions options = RequestDecoder.query(body, 5).options();
        assertThat(options.names()).containsExactly("address", "port");
        assertThat(options.values().get(0)).containsExactly(127, 0, 0, 2);
        assertThat(options.keyspace()).isEqualTo("system");
        assertThat(options.nowInSeconds()).isEqualTo(1_700_000_000);
        assertThat(options.pageSize()).isEqualTo(-1);
        assertThat(options.defaultTimestampMicros()).isEqualTo(Long.MIN_VALUE);
        body.release();
    }

    @Test
    void v4RejectsTheV5KeyspaceFlag() {
        ByteBuf body = longString(Unpooled.buffer(), "SELECT 1").writeShort(1).writeByte(0x80);
        assertThatThrownBy(() -> RequestDecoder.query(body, 4)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0x80");
        body.release();
    }

    @Test
    void rejectsValueLengthsBelowMinusTwoAndOutOfBoundTimestamps() {
        ByteBuf badValue = longString(Unpooled.buffer(), "q").writeShort(1).writeByte(0x01).writeShort(1).writeInt(-3);
        assertThatThrownBy(() -> RequestDecoder.query(badValue, 4)).isInstanceOf(ProtocolException.class)
                .hasMessage("Invalid [value] length -3 in bound value");
        ByteBuf badTimestamp = longString(Unpooled.buffer(), "q").writeShort(1).writeByte(0x20)
                .writeLong(Long.MIN_VALUE);
        assertThatThrownBy(() -> RequestDecoder.query(badTimestamp, 4)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Out of bound timestamp");
        ByteBuf badConsistency = longString(Unpooled.buffer(), "q").writeShort(0x0B).writeByte(0);
        assertThatThrownBy(() -> RequestDecoder.query(badConsistency, 4)).isInstanceOf(ProtocolException.class)
                .hasMessage("Unknown code 11 for a consistency level");
        badValue.release();
        badTimestamp.release();
        badConsistency.release();
    }

    @Test
    void prepareAndExecuteDifferByVersion() {
        ByteBuf v4 = longString(Unpooled.buffer(), "SELECT * FROM t");
        assertThat(RequestDecoder.prepare(v4, 4)).isEqualTo(new RequestDecoder.Prepare("SELECT * FROM t", null));
        ByteBuf v5 = longString(Unpooled.buffer(), "SELECT * FROM t").writeInt(0x01);
        WireFormat.writeString(v5, "iot");
        assertThat(RequestDecoder.prepare(v5, 5)).isEqualTo(new RequestDecoder.Prepare("SELECT * FROM t", "iot"));

        ByteBuf execute = Unpooled.buffer().writeShort(2).writeBytes(new byte[] {1, 2}).writeShort(3)
                .writeBytes(new byte[] {7, 7, 7}).writeShort(1).writeInt(0x02);
        RequestDecoder.Execute decoded = RequestDecoder.execute(execute, 5);
        assertThat(decoded.id()).containsExactly(1, 2);
        assertThat(decoded.resultMetadataId()).containsExactly(7, 7, 7);
        assertThat(decoded.options().skipMetadata()).isTrue();
        v4.release();
        v5.release();
        execute.release();
    }

    @Test
    void batchWithQueryAndPreparedEntries() {
        ByteBuf body = Unpooled.buffer().writeByte(1).writeShort(2);
        longString(body.writeByte(0), "INSERT INTO t (k) VALUES (?)").writeShort(1).writeInt(1).writeByte(5);
        body.writeByte(1).writeShort(2).writeBytes(new byte[] {4, 2}).writeShort(2).writeInt(-2).writeInt(-1);
        body.writeShort(1).writeInt(0x20).writeLong(123L);

        RequestDecoder.Batch batch = RequestDecoder.batch(body, 5);
        assertThat(batch.type()).isEqualTo(BatchType.UNLOGGED);
        assertThat(batch.entries()).hasSize(2);
        assertThat(batch.entries().get(0).query()).isEqualTo("INSERT INTO t (k) VALUES (?)");
        assertThat(batch.entries().get(0).values().get(0)).containsExactly(5);
        assertThat(batch.entries().get(1).preparedId()).containsExactly(4, 2);
        assertThat(QueryOptions.isUnset(batch.entries().get(1).values().get(0))).isTrue();
        assertThat(batch.entries().get(1).values().get(1)).isNull();
        assertThat(batch.options().defaultTimestampMicros()).isEqualTo(123L);
        body.release();
    }

    @Test
    void batchWithNamedValuesIsRejected() {
        ByteBuf body = Unpooled.buffer().writeByte(0).writeShort(0).writeShort(1).writeByte(0x40);
        assertThatThrownBy(() -> RequestDecoder.batch(body, 4)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CASSANDRA-10246");
        body.release();
    }

    @Test
    void batchRejectsUnknownTypesAndKinds() {
        ByteBuf type = Unpooled.buffer().writeByte(3).writeShort(0);
        assertThatThrownBy(() -> RequestDecoder.batch(type, 4)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Invalid BATCH type 3");
        ByteBuf kind = Unpooled.buffer().writeByte(0).writeShort(1).writeByte(2);
        assertThatThrownBy(() -> RequestDecoder.batch(kind, 4)).isInstanceOf(ProtocolException.class)
                .hasMessage("Invalid query kind in BATCH messages. Must be 0 or 1 but got 2");
        type.release();
        kind.release();
    }

    @Test
    void startupKeysAreUpperCased() {
        ByteBuf body = Unpooled.wrappedBuffer(CqlTestChannel.stringMap(java.util.Map.of("cql_version", "3.0.0")));
        assertThat(RequestDecoder.startup(body)).containsEntry("CQL_VERSION", "3.0.0");
    }
}
