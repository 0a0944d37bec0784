package io.almanac.storage.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.schema.NativeType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Murmur3PartitionerTest {

    static Stream<Arguments> csvRows() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Murmur3PartitionerTest.class.getResourceAsStream("/murmur3-tokens.csv"), StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().skip(1).filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(20);
            return lines.stream().map(line -> {
                String[] fields = line.split(",");
                int n = fields.length;
                return Arguments.of(fields[0], fields[n - 2], Long.parseLong(fields[n - 1]));
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csvRows")
    void tokensMatchCassandra(String description, String keyHex, long token) {
        assertThat(Murmur3Partitioner.token(HexFormat.of().parseHex(keyHex))).isEqualTo(token);
    }

    @ParameterizedTest
    @CsvSource({
        "68656c6c6f, -3758069500696749310",
        "68656c6c6f2c20776f726c64, 3760413751763713166",
        "54686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e, "
                + "-3631792323850337591",
        "00104327529fb645dd00b883ec39ae448bb800000400066a6b00, -9223371632693506265",
        "00000001, -4069959284402364209",
        "0000000000000001, 6292367497774912474",
    })
    void referenceVectors(String keyHex, long token) {
        assertThat(Murmur3Partitioner.token(HexFormat.of().parseHex(keyHex))).isEqualTo(token);
    }

    @org.junit.jupiter.api.Test
    void compositeKeyHashesTheCompositeLayout() {
        byte[] key = PartitionKeys.compose(NativeType.TEXT.encode("a"), NativeType.INT.encode(1));
        assertThat(HexFormat.of().formatHex(key)).isEqualTo("00016100000400000001" + "00");
        assertThat(Murmur3Partitioner.token(key)).isEqualTo(8247712171917364652L);
        assertThat(Murmur3Partitioner.token(new byte[0])).isEqualTo(Murmur3Partitioner.MINIMUM_TOKEN);
    }
}
