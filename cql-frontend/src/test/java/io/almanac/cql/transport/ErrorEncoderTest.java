package io.almanac.cql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.UnpreparedException;
import io.almanac.storage.schema.AlreadyExistsException;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.write.OverloadedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** ERROR bodies and the exception mapping (native_protocol_v5.spec §9, reference §1.9). */
class ErrorEncoderTest {

    private static ByteBuf encode(Throwable error) {
        ByteBuf out = Unpooled.buffer();
        ErrorEncoder.encode(out, ErrorEncoder.unwrap(error));
        return out;
    }

    private static int code(Throwable error) {
        ByteBuf body = encode(error);
        int code = body.readInt();
        body.release();
        return code;
    }

    @Test
    void mapsStorageExceptionsToTheirCodes() {
        assertThat(code(new InvalidRequestException("table x does not exist"))).isEqualTo(0x2200);
        assertThat(code(new ConfigurationException("default_time_to_live must be >= 0"))).isEqualTo(0x2300);
        assertThat(code(new OverloadedException("shard 3 ring buffer full"))).isEqualTo(0x1001);
        assertThat(code(CqlException.syntax("line 1:0 no viable alternative"))).isEqualTo(0x2000);
        assertThat(code(new CompletionException(CqlException.invalid("x")))).isEqualTo(0x2200);
        assertThat(code(new IllegalStateException("boom"))).isEqualTo(0x0000);
    }

    @Test
    void alreadyExistsCarriesKeyspaceAndTable() {
        ByteBuf body = encode(new AlreadyExistsException("iot", "readings"));
        assertThat(body.readInt()).isEqualTo(0x2400);
        assertThat(WireFormat.readString(body, "message"))
                .isEqualTo("Cannot add already existing table \"readings\" to keyspace \"iot\"");
        assertThat(WireFormat.readString(body, "ks")).isEqualTo("iot");
        assertThat(WireFormat.readString(body, "table")).isEqualTo("readings");
        assertThat(body.isReadable()).isFalse();
        body.release();
    }

    @Test
    void unpreparedCarriesTheId() {
        ByteBuf body = encode(new UnpreparedException(new byte[] {0x0a, 0x0b}));
        assertThat(body.readInt()).isEqualTo(0x2500);
        assertThat(WireFormat.readString(body, "message")).startsWith("Prepared query with ID 0a0b not found");
        assertThat(WireFormat.readShortBytes(body, "id")).containsExactly(0x0a, 0x0b);
        assertThat(body.isReadable()).isFalse();
        body.release();
    }

    @Test
    void codesWithTailsGetAWellFormedNeutralTail() {
        ByteBuf body = encode(new CqlException(0x1100, "Operation timed out"));
        body.readInt();
        WireFormat.readString(body, "message");
        assertThat(body.readUnsignedShort()).isEqualTo(1);
        assertThat(body.readInt()).isZero();
        assertThat(body.readInt()).isEqualTo(1);
        assertThat(WireFormat.readString(body, "write type")).isEqualTo("SIMPLE");
        assertThat(body.isReadable()).isFalse();
        body.release();
    }

    @Test
    void serverErrorsCarryTheExceptionText() {
        ByteBuf body = encode(new IllegalStateException("memtable exploded"));
        body.readInt();
        assertThat(WireFormat.readString(body, "message")).isEqualTo("java.lang.IllegalStateException: "
                + "memtable exploded");
        body.release();
    }

    @Test
    void longMessagesAreCutToFitAString() {
        ByteBuf body = encode(CqlException.invalid("é".repeat(40_000)));
        body.readInt();
        int length = body.readUnsignedShort();
        assertThat(length).isEqualTo(65_534); // 32767 two-byte characters, not cut inside one
        body.release();
    }

    @Test
    void distinctErrorsAreCountedOnce() {
        DistinctErrorLog log = new DistinctErrorLog(LoggerFactory.getLogger(ErrorEncoderTest.class), 2);
        IllegalStateException error = new IllegalStateException("same");
        log.record("test", error);
        log.record("test", new IllegalStateException("same"));
        log.record("test", new IllegalStateException("other"));
        log.record("test", new IllegalStateException("third, over the limit"));
        assertThat(log.count(error)).isEqualTo(2);
        assertThat(log.count(new IllegalStateException("other"))).isEqualTo(1);
        assertThat(log.count(new IllegalStateException("third, over the limit"))).isZero();
    }
}
