package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.system.SystemTables;
import io.almanac.cql.system.SystemTablesFixtures;
import io.almanac.storage.schema.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Version negotiation as drivers probe it (reference §1.3, CASSANDRA-16581): exact bytes of the rejection. */
class VersionNegotiationTest {

    private static CqlTestChannel channel() {
        return new CqlTestChannel(new SystemTableQueryFixture(
                new SystemTables(SystemTablesFixtures.node(9042), () -> Schema.EMPTY)));
    }

    @ParameterizedTest(name = "version byte 0x{0}")
    @ValueSource(ints = {0x42, 0x41, 6, 3, 0x7F})
    void rejectsUnsupportedVersionOnTheRequestStreamWithOurHighestVersionAndCloses(int version) {
        try (CqlTestChannel test = channel()) {
            test.send(version, 0x10, 0x1234, Opcode.OPTIONS.code(), new byte[0]);

            CqlTestChannel.Response response = test.response();
            assertThat(response.versionByte()).isEqualTo(0x85);
            assertThat(response.streamId()).isEqualTo(0x1234);
            assertThat(response.opcode()).isEqualTo(0x00);
            Map.Entry<Integer, String> error = CqlTestChannel.error(response);
            assertThat(error.getKey()).isEqualTo(0x000A);
            assertThat(error.getValue()).isEqualTo("Invalid or unsupported protocol version (" + version
                    + "); supported versions are (4/v4, 5/v5)");
            assertThat(test.channel.isOpen()).isFalse();
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {1, 2})
    void answersV1AndV2InTheirOwnVersionWithTheirEightByteHeader(int version) {
        try (CqlTestChannel test = channel()) {
            test.writeBytes(new byte[] {(byte) version, 0, 7, 0x05, 0, 0, 0, 0});

            byte[] bytes = test.outboundBytes();
            assertThat(bytes[0] & 0xFF).isEqualTo(0x80 | version);
            assertThat(bytes[1]).isEqualTo((byte) 0);
            assertThat(bytes[2]).isEqualTo((byte) 7); // one-byte stream id
            assertThat(bytes[3]).isEqualTo((byte) 0x00); // ERROR
            CqlTestChannel.Response response = CqlTestChannel.parseEnvelopes(bytes).get(0);
            assertThat(CqlTestChannel.error(response)).isEqualTo(Map.entry(0x000A,
                    "Invalid or unsupported protocol version (" + version + "); supported versions are (4/v4, 5/v5)"));
            assertThat(test.channel.isOpen()).isFalse();
        }
    }

    @Test
    void waitsForTheStreamIdBeforeAnswering() {
        try (CqlTestChannel test = channel()) {
            test.writeBytes(new byte[] {0x42, 0, 0});
            assertThat(test.outboundBytes()).isEmpty();
            test.writeBytes(new byte[] {9, 5, 0, 0, 0, 0});
            assertThat(test.response().streamId()).isEqualTo(9);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {4, 5})
    void supportedVersionsGetSupportedInTheirOwnVersion(int version) {
        try (CqlTestChannel test = channel()) {
            test.send(version, 3, Opcode.OPTIONS, new byte[0]);

            CqlTestChannel.Response response = test.response();
            assertThat(response.versionByte()).isEqualTo(0x80 | version);
            assertThat(response.streamId()).isEqualTo(3);
            assertThat(response.opcode()).isEqualTo(Opcode.SUPPORTED.code());
            assertThat(test.channel.isOpen()).isTrue();
        }
    }

    @Test
    void rejectsAResponseEnvelopeFromAClient() {
        try (CqlTestChannel test = channel()) {
            test.send(0x84, 0, 2, Opcode.OPTIONS.code(), new byte[0]);

            CqlTestChannel.Response response = test.response();
            assertThat(response.versionByte()).isEqualTo(0x84);
            assertThat(CqlTestChannel.error(response).getValue()).startsWith("Invalid message direction");
            assertThat(test.channel.isOpen()).isFalse();
        }
    }
}
