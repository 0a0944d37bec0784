package io.almanac.storage.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Partition keys from their plain string form, as {@code nodetool getsstables} reads them. */
class PartitionKeysFromStringTest {

    @Test
    void eachNativeTypeReadsItsPlainStringForm() throws Exception {
        assertThat(NativeType.TEXT.fromString("device:7")).isEqualTo(NativeType.TEXT.encode("device:7"));
        assertThat(NativeType.INT.fromString("42")).isEqualTo(NativeType.INT.encode(42));
        assertThat(NativeType.BIGINT.fromString("-9")).isEqualTo(NativeType.BIGINT.encode(-9L));
        assertThat(NativeType.DOUBLE.fromString("1.5")).isEqualTo(NativeType.DOUBLE.encode(1.5));
        assertThat(NativeType.DECIMAL.fromString("3.25")).isEqualTo(NativeType.DECIMAL.encode(new BigDecimal("3.25")));
        assertThat(NativeType.BOOLEAN.fromString("TRUE")).isEqualTo(NativeType.BOOLEAN.encode(true));
        Instant instant = Instant.parse("2026-11-20T10:00:00Z");
        for (String text : List.of("2026-11-20T10:00:00Z", "2026-11-20 10:00:00", "2026-11-20 10:00:00+0000",
                "2026-11-20T11:00:00+01:00", Long.toString(instant.toEpochMilli()))) {
            assertThat(NativeType.TIMESTAMP.fromString(text)).as(text).isEqualTo(NativeType.TIMESTAMP.encode(instant));
        }
        assertThat(NativeType.TIMESTAMP.fromString("2026-11-20"))
                .isEqualTo(NativeType.TIMESTAMP.encode(Instant.parse("2026-11-20T00:00:00Z")));
        assertThat(NativeType.DATE.fromString("2026-11-20")).isEqualTo(NativeType.DATE.encode(LocalDate.of(2026, 11,
                20)));
        UUID uuid = UUID.fromString("5a1f0e3c-0000-4000-8000-000000000001");
        assertThat(NativeType.UUID.fromString(uuid.toString())).isEqualTo(NativeType.UUID.encode(uuid));
        assertThat(NativeType.BLOB.fromString("cafe")).containsExactly(0xca, 0xfe);
        assertThat(NativeType.BLOB.fromString("0xcafe")).containsExactly(0xca, 0xfe);
        assertThat(NativeType.INET.fromString("10.0.0.1"))
                .isEqualTo(NativeType.INET.encode(InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void badTextIsAnInvalidRequestNamingTypeAndText() {
        assertThatThrownBy(() -> NativeType.INT.fromString("forty")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unable to make int from 'forty'");
        assertThatThrownBy(() -> NativeType.TIMESTAMP.fromString("yesterday"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Unable to make timestamp");
        assertThatThrownBy(() -> NativeType.INET.fromString("example.com"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Unable to make inet");
        assertThatThrownBy(() -> NativeType.BLOB.fromString("xyz")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> CollectionType.list(NativeType.INT, true).fromString("[1]"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void compositeKeysAreJoinedWithColonsAndEscapedColonsStayInTheirComponent() {
        byte[] key = PartitionKeys.fromString(List.of(NativeType.TEXT, NativeType.DATE), "sensor\\:a:2026-11-20");
        assertThat(key).isEqualTo(PartitionKeys.compose(NativeType.TEXT.encode("sensor:a"),
                NativeType.DATE.encode(LocalDate.of(2026, 11, 20))));
        assertThat(PartitionKeys.fromString(List.of(NativeType.TEXT), "a:b")).isEqualTo(NativeType.TEXT.encode("a:b"));
        assertThatThrownBy(() -> PartitionKeys.fromString(List.of(NativeType.TEXT, NativeType.INT), "a:1:2"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("expected 2 components");
    }
}
