package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.SystemTablesFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection state machine through the real pipeline: OPTIONS, STARTUP, REGISTER, errors, compression. */
class HandshakeTest {

    private final SystemTableQueryFixture fixture = new SystemTableQueryFixture(
            new SystemTables(SystemTablesFixtures.node(9042), SystemTablesFixtures::iotSchema));
    private CqlTestChannel test = new CqlTestChannel(fixture);

    @AfterEach
    void close() {
        test.close();
    }

    private void startup(int version, Map<String, String> options) {
        test.send(version, 1, Opcode.STARTUP, CqlTestChannel.stringMap(options));
    }

    @Test
    void supportedListsCqlVersionCompressionAndProtocolVersions() {
        test.send(4, 0, Opcode.OPTIONS, new byte[0]);

        ByteBuf body = test.response().bodyBuffer();
        Map<String, List<String>> options = new LinkedHashMap<>();
        int count = body.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            options.put(WireFormat.readString(body, "key"), WireFormat.readStringList(body, "values"));
        }
        assertThat(options).containsExactly(Map.entry("CQL_VERSION", List.of("3.4.7")),
                Map.entry("COMPRESSION", List.of("snappy", "lz4")),
                Map.entry("PROTOCOL_VERSIONS", List.of("4/v4", "5/v5")));
    }

    @Test
    void supportedUnderV5ListsLz4Only() {
        test.send(5, 0, Opcode.OPTIONS, new byte[0]);
        ByteBuf body = test.response().bodyBuffer();
        Map<String, List<String>> options = new LinkedHashMap<>();
        int count = body.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            options.put(WireFormat.readString(body, "key"), WireFormat.readStringList(body, "values"));
        }
        assertThat(options).containsEntry("COMPRESSION", List.of("lz4"));
    }

    @Test
    void startupWithoutCqlVersionIsAProtocolErrorAndTheClientMayRetry() {
        startup(4, Map.of("DRIVER_NAME", "test"));
        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x000A, "Missing value CQL_VERSION in STARTUP message"));
        assertThat(test.channel.isOpen()).isTrue();

        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        CqlTestChannel.Response ready = test.response();
        assertThat(ready.opcode()).isEqualTo(Opcode.READY.code());
        assertThat(ready.body()).isEmpty();
    }

    @Test
    void rejectsCqlVersionsBelowThree() {
        startup(4, Map.of("CQL_VERSION", "2.0.0"));
        assertThat(CqlTestChannel.error(test.response()).getValue())
                .isEqualTo("CQL version 2.0.0 is not supported by the binary protocol"
                        + " (supported version are >= 3.0.0)");
    }

    @Test
    void rejectsSnappyUnderV5() {
        startup(5, Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "snappy"));
        assertThat(CqlTestChannel.error(test.response()))
                .isEqualTo(Map.entry(0x000A, "Snappy compression is not supported in protocol V5"));
    }

    @Test
    void versionMustNotChangeOnAConnection() {
        test.send(4, 0, Opcode.OPTIONS, new byte[0]);
        test.responses();
        startup(5, Map.of("CQL_VERSION", "3.0.0"));
        assertThat(CqlTestChannel.error(test.response())).isEqualTo(Map.entry(0x000A,
                "Invalid message version. Got 5 but previous messages on this connection had version 4"));
    }

    @Test
    void unknownCompressionIsNamed() {
        startup(5, Map.of("CQL_VERSION", "3.4.7", "COMPRESSION", "zstd"));
        assertThat(CqlTestChannel.error(test.response()).getValue())
                .isEqualTo("Unknown compression algorithm: zstd (supported: lz4)");
    }

    @Test
    void unknownCompressionUnderV4NamesBothAlgorithms() {
        startup(4, Map.of("CQL_VERSION", "3.4.7", "COMPRESSION", "zstd"));
        assertThat(CqlTestChannel.error(test.response()).getValue())
                .isEqualTo("Unknown compression algorithm: zstd (supported: snappy, lz4)");
    }

    @Test
    void requestsBeforeStartupAreProtocolErrors() {
        test.send(4, 5, Opcode.QUERY, CqlTestChannel.queryBody("SELECT * FROM system.local", 4));
        CqlTestChannel.Response response = test.response();
        assertThat(response.streamId()).isEqualTo(5);
        assertThat(CqlTestChannel.error(response))
                .isEqualTo(Map.entry(0x000A, "Unexpected message QUERY, expecting STARTUP or OPTIONS"));
        assertThat(test.channel.isOpen()).isTrue();
    }

    @Test
    void secondStartupIsRejected() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        assertThat(CqlTestChannel.error(test.response()).getValue())
                .isEqualTo("Unexpected message STARTUP, the connection is already initialized");
    }

    @Test
    void bodyOverTheFrameLimitIsAProtocolErrorAndClosesTheConnection() {
        test.close();
        test = new CqlTestChannel(fixture, 1024);
        ByteBuf header = Unpooled.buffer().writeByte(4).writeByte(0).writeShort(11).writeByte(Opcode.QUERY.code())
                .writeInt(2000);
        test.writeBytes(CqlTestChannel.bytes(header));

        CqlTestChannel.Response response = test.response();
        assertThat(response.streamId()).isEqualTo(11);
        assertThat(CqlTestChannel.error(response))
                .isEqualTo(Map.entry(0x000A, "Request is too big: length 2000 exceeds maximum allowed length 1024"));
        assertThat(test.channel.isOpen()).isFalse();
    }

    @Test
    void malformedBodyIsAnErrorOnItsStreamAndTheConnectionSurvives() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        test.send(4, 8, Opcode.QUERY, new byte[] {0, 0, 0, 50, 'S', 'E'});
        test.send(4, 9, Opcode.OPTIONS, new byte[0]);
        test.send(4, 0, 10, 0x04, new byte[0]);

        List<CqlTestChannel.Response> responses = test.responses();
        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).streamId()).isEqualTo(8);
        assertThat(CqlTestChannel.error(responses.get(0)).getValue())
                .startsWith("Not enough bytes to read query string");
        assertThat(responses.get(1).opcode()).isEqualTo(Opcode.SUPPORTED.code());
        assertThat(CqlTestChannel.error(responses.get(2))).isEqualTo(Map.entry(0x000A, "Unknown opcode 0x4"));
        assertThat(test.channel.isOpen()).isTrue();
    }

    @Test
    void lz4CompressesV4BodiesBothWays() {
        startup(4, Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "lz4"));
        assertThat(test.response().flags()).isZero();
        Lz4Codec lz4 = new Lz4Codec();
        ByteBuf plain = Unpooled.wrappedBuffer(CqlTestChannel.queryBody("SELECT cluster_name FROM system.local", 4));
        byte[] compressed = CqlTestChannel.bytes(lz4.compressBody(ByteBufAllocator.DEFAULT, plain));
        plain.release();
        test.send(4, 0x01, 2, Opcode.QUERY.code(), compressed);

        CqlTestChannel.Response response = test.response();
        assertThat(response.flags()).isEqualTo(0x01);
        ByteBuf body = lz4.decompressBody(ByteBufAllocator.DEFAULT, response.bodyBuffer(), 1 << 20);
        try {
            assertThat(RowsReader.read(body).singleText()).isEqualTo("Almanac Test Cluster");
        } finally {
            body.release();
        }
    }

    @Test
    void snappyCompressesV4BodiesBothWaysAndACorruptBodyIsAProtocolError() {
        startup(4, Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "snappy"));
        assertThat(test.response().flags()).isZero();
        SnappyCodec snappy = new SnappyCodec();
        ByteBuf plain = Unpooled.wrappedBuffer(CqlTestChannel.queryBody("SELECT cluster_name FROM system.local", 4));
        byte[] compressed = CqlTestChannel.bytes(snappy.compressBody(ByteBufAllocator.DEFAULT, plain));
        plain.release();
        test.send(4, 0x01, 2, Opcode.QUERY.code(), compressed);

        CqlTestChannel.Response response = test.response();
        assertThat(response.flags()).isEqualTo(0x01);
        ByteBuf body = snappy.decompressBody(ByteBufAllocator.DEFAULT, response.bodyBuffer(), 1 << 20);
        try {
            assertThat(RowsReader.read(body).singleText()).isEqualTo("Almanac Test Cluster");
        } finally {
            body.release();
        }
        test.send(4, 0x01, 3, Opcode.QUERY.code(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            0x0f, 0x00});
        assertThat(snappyError(snappy)).startsWith("Invalid uncompressed length 4294967295 in compressed body");
        test.send(4, 0x01, 4, Opcode.QUERY.code(), new byte[] {0x10, 0x0e, 0x7f, 0x7f});
        assertThat(snappyError(snappy)).startsWith("Corrupt Snappy block");
        assertThat(test.channel.isOpen()).isTrue();
    }

    /** @return the message of the next response, a Snappy-compressed ERROR */
    private String snappyError(SnappyCodec snappy) {
        CqlTestChannel.Response response = test.response();
        assertThat(response.opcode()).isEqualTo(Opcode.ERROR.code());
        ByteBuf body = snappy.decompressBody(ByteBufAllocator.DEFAULT, response.bodyBuffer(), 1 << 20);
        try {
            assertThat(body.readInt()).isEqualTo(0x000A);
            return WireFormat.readString(body, "message");
        } finally {
            body.release();
        }
    }

    @Test
    void compressedBodyWithoutNegotiatedCompressionIsAnError() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        test.send(4, 0x01, 3, Opcode.OPTIONS.code(), new byte[] {0, 0, 0, 0});
        assertThat(CqlTestChannel.error(test.response()).getValue())
                .isEqualTo("Received a compressed message but no compression was negotiated");
    }

    @Test
    void useSetsTheConnectionKeyspace() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        test.send(4, 4, Opcode.QUERY, CqlTestChannel.queryBody("USE \"iot\"", 4));

        ByteBuf body = test.response().bodyBuffer();
        assertThat(body.readInt()).isEqualTo(ResultEncoder.KIND_SET_KEYSPACE);
        assertThat(WireFormat.readString(body, "keyspace")).isEqualTo("iot");
        assertThat(test.connection.clientState().keyspace()).isEqualTo("iot");
    }

    @Test
    void registeredConnectionsReceiveSchemaChangeEventsOnStreamMinusOne() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        ByteBuf register = Unpooled.buffer();
        WireFormat.writeStringList(register, List.of("TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"));
        test.send(4, 6, Opcode.REGISTER, CqlTestChannel.bytes(register));
        assertThat(test.responses()).extracting(CqlTestChannel.Response::opcode)
                .containsExactly(Opcode.READY.code(), Opcode.READY.code());

        fixture.fireSchemaChange(new ResultMessage.SchemaChange("CREATED", "TABLE", "iot", "readings"));

        CqlTestChannel.Response event = test.response();
        assertThat(event.streamId()).isEqualTo(-1);
        assertThat(event.opcode()).isEqualTo(Opcode.EVENT.code());
        ByteBuf body = event.bodyBuffer();
        assertThat(List.of(WireFormat.readString(body, "type"), WireFormat.readString(body, "change"),
                WireFormat.readString(body, "target"), WireFormat.readString(body, "keyspace"),
                WireFormat.readString(body, "table"))).containsExactly("SCHEMA_CHANGE", "CREATED", "TABLE", "iot",
                "readings");
        test.close();
        assertThat(test.schemaChanges.registeredConnections()).isZero();
    }

    @Test
    void registerRejectsUnknownEventTypes() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        ByteBuf register = Unpooled.buffer();
        WireFormat.writeStringList(register, List.of("NODE_EXPLODED"));
        test.send(4, 6, Opcode.REGISTER, CqlTestChannel.bytes(register));
        assertThat(CqlTestChannel.error(test.response()).getValue()).startsWith("Invalid value 'NODE_EXPLODED'");
    }

    @Test
    void v5SwitchesToSegmentsRightAfterReady() {
        startup(5, Map.of("CQL_VERSION", "3.0.0"));
        CqlTestChannel.Response ready = test.response(); // unframed
        assertThat(ready.versionByte()).isEqualTo(0x85);
        assertThat(ready.opcode()).isEqualTo(Opcode.READY.code());

        test.useSegments(false);
        test.send(5, 7, Opcode.QUERY, CqlTestChannel.queryBody("SELECT cluster_name FROM system.local", 5));
        List<CqlTestChannel.Response> responses = test.framedResponses(false);
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).streamId()).isEqualTo(7);
        assertThat(RowsReader.read(responses.get(0).bodyBuffer()).singleText()).isEqualTo("Almanac Test Cluster");
    }

    @Test
    void v5WithLz4UsesCompressedSegments() {
        startup(5, Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "lz4"));
        assertThat(test.response().opcode()).isEqualTo(Opcode.READY.code());

        test.useSegments(true);
        test.send(5, 1, Opcode.OPTIONS, new byte[0]);
        test.send(5, 2, Opcode.QUERY, CqlTestChannel.queryBody("SELECT * FROM system_schema.columns", 5));
        List<CqlTestChannel.Response> responses = test.framedResponses(true);
        assertThat(responses).extracting(CqlTestChannel.Response::opcode)
                .containsExactly(Opcode.SUPPORTED.code(), Opcode.RESULT.code());
        assertThat(responses).allMatch(response -> response.flags() == 0);
    }

    @Test
    void v5LargeRequestSpanningSegmentsIsReassembled() {
        startup(5, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        test.useSegments(false);
        String padding = " ".repeat(300_000);
        test.send(5, 12, Opcode.QUERY, CqlTestChannel.queryBody("SELECT cluster_name FROM system.local" + padding, 5));

        CqlTestChannel.Response response = test.framedResponses(false).get(0);
        assertThat(response.streamId()).isEqualTo(12);
        assertThat(RowsReader.read(response.bodyBuffer()).singleText()).isEqualTo("Almanac Test Cluster");
        assertThat(fixture.queries()).hasSize(1);
        assertThat(fixture.queries().get(0).length()).isEqualTo(300_000 + 37);
    }

    @Test
    void v5CorruptSegmentClosesTheConnection() {
        startup(5, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        byte[] segment = CqlTestChannel.segments(CqlTestChannel.envelope(5, 0, 3, Opcode.OPTIONS.code(),
                new byte[0]), null);
        segment[segment.length - 1] ^= 0x55;
        test.writeBytes(segment);

        CqlTestChannel.Response error = test.framedResponses(false).get(0);
        assertThat(CqlTestChannel.error(error).getValue()).startsWith("Segment payload CRC32 mismatch");
        assertThat(test.channel.isOpen()).isFalse();
    }

    @Test
    void queryTextIsDecodedAsUtf8() {
        startup(4, Map.of("CQL_VERSION", "3.0.0"));
        test.responses();
        test.send(4, 2, Opcode.QUERY, CqlTestChannel.queryBody("SELECT * FROM system.local WHERE key = 'lócal'", 4));
        assertThat(RowsReader.read(test.response().bodyBuffer()).rows()).isEmpty();
        assertThat(fixture.queries().get(0).getBytes(StandardCharsets.UTF_8)).hasSize(47);
    }
}
