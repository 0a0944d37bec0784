package io.almanac.storage.sstable.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableParams;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code compression} option: Cassandra 5.0's rules and messages, the map shown back, each codec alone. */
class SSTableCompressionOptionsTest {

    private static final String PACKAGE = "org.apache.cassandra.io.compress.";

    @Test
    void theDefaultIsFastLz4WithSixteenKibChunks() {
        SSTableCompression parsed = SSTableCompression.fromOptions(TableParams.DEFAULT.compression());
        assertThat(parsed).isEqualTo(SSTableCompression.DEFAULT);
        assertThat(parsed.asOptions()).isEqualTo(TableParams.DEFAULT.compression());
        assertThat(parsed.maxCompressedLength(1000)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void optionsAreShownBackAsCassandraStoresThem() {
        assertThat(SSTableCompression.fromOptions(Map.of("enabled", "false")).asOptions())
                .isEqualTo(Map.of("enabled", "false"));
        assertThat(SSTableCompression.fromOptions(Map.of()).asOptions()).isEqualTo(Map.of("enabled", "false"));
        assertThat(SSTableCompression.fromOptions(Map.of("enabled", "no")).enabled()).isFalse();
        assertThat(SSTableCompression.fromOptions(Map.of("class", "SnappyCompressor", "enabled", "true"))
                .asOptions()).isEqualTo(Map.of("class", PACKAGE + "SnappyCompressor", "chunk_length_in_kb", "16"));
        assertThat(SSTableCompression.fromOptions(Map.of("class", PACKAGE + "ZstdCompressor", "compression_level",
                "7", "chunk_length_in_kb", "64", "min_compress_ratio", "1.5")).asOptions())
                .isEqualTo(Map.of("class", PACKAGE + "ZstdCompressor", "compression_level", "7",
                        "chunk_length_in_kb", "64", "min_compress_ratio", "1.5"));
        SSTableCompression ratio = SSTableCompression.fromOptions(Map.of("class", "DeflateCompressor",
                "min_compress_ratio", "2"));
        assertThat(ratio.maxCompressedLength(1001)).isEqualTo(501);
        assertThat(ratio.compressor()).isSameAs(BlockCompressors.DEFLATE);
    }

    static List<Object[]> refused() {
        return List.of(
                new Object[] {Map.of("chunk_length_in_kb", "64"),
                    "Missing sub-option 'class' for the 'compression' option."},
                new Object[] {Map.of("foo", "x"), "Missing sub-option 'class' for the 'compression' option."},
                new Object[] {Map.of("class", "LZ4Compressor", "foo", "x"), "Unknown compression options foo"},
                new Object[] {Map.of("class", "DeflateCompressor", "compression_level", "3"),
                    "Unknown compression options compression_level"},
                new Object[] {Map.of("enabled", "false", "class", "LZ4Compressor"),
                    "If the 'enabled' option is set to false no other options must be specified"},
                new Object[] {Map.of("class", ""),
                    "The 'class' option must not be empty. To disable compression use 'enabled' : false"},
                new Object[] {Map.of("class", "BrotliCompressor"),
                    "Could not create Compression for type " + PACKAGE + "BrotliCompressor"},
                new Object[] {Map.of("class", "com.example.MyCompressor"),
                    "Could not create Compression for type com.example.MyCompressor"},
                new Object[] {Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "12"),
                    "chunk_length_in_kb must be a power of 2"},
                new Object[] {Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "0"),
                    "Invalid negative or null chunk_length_in_kb"},
                new Object[] {Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "-4"),
                    "Invalid negative or null chunk_length_in_kb"},
                new Object[] {Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "x"),
                    "Invalid value for chunk_length_in_kb"},
                new Object[] {Map.of("class", "LZ4Compressor", "chunk_length_in_kb", "4194304"),
                    "Value of chunk_length_in_kb is too large (4194304)"},
                new Object[] {Map.of("class", "LZ4Compressor", "min_compress_ratio", "0.5"),
                    "min_compress_ratio can either be 0 or greater than or equal to 1"},
                new Object[] {Map.of("class", "LZ4Compressor", "min_compress_ratio", "-1"),
                    "Invalid negative min_compress_ratio"},
                new Object[] {Map.of("class", "LZ4Compressor", "min_compress_ratio", "lots"),
                    "Invalid value for min_compress_ratio"},
                new Object[] {Map.of("class", "LZ4Compressor", "lz4_compressor_type", "medium"),
                    "Invalid compressor type 'medium' specified for LZ4 parameter 'lz4_compressor_type'. Valid options"
                        + " are [high, fast]."},
                new Object[] {Map.of("class", "LZ4Compressor", "lz4_high_compressor_level", "18"),
                    "Invalid value [18] for parameter 'lz4_high_compressor_level'. Value must be between 1 and 17."},
                new Object[] {Map.of("class", "ZstdCompressor", "compression_level", "99"),
                    "ZstdCompressor.create() threw an error: java.lang.IllegalArgumentException compression_level=99"
                        + " is invalid"},
                new Object[] {Map.of("class", "ZstdCompressor", "compression_level", "max"),
                    "ZstdCompressor.create() threw an error: java.lang.NumberFormatException For input string:"
                        + " \"max\""});
    }

    @ParameterizedTest
    @MethodSource("refused")
    void invalidOptionsAreRefusedWithCassandrasMessage(Map<String, String> options, String message) {
        assertThatThrownBy(() -> SSTableCompression.fromOptions(options))
                .isInstanceOf(ConfigurationException.class).hasMessage(message);
    }

    @Test
    void aStoredOptionThatNoLongerParsesFallsBackToTheDefault() {
        TableParams defaults = TableParams.DEFAULT;
        TableParams legacy = new TableParams("", defaults.compaction(), Map.of("class", "LZ4Compressor", "foo", "x"),
                defaults.caching(), 0, 0, 0.01, 1.0, 0, "99p");
        assertThat(SSTableCompression.forTable(legacy)).isEqualTo(SSTableCompression.DEFAULT);
    }

    @Test
    void everyCodecRoundTripsAndRefusesDamage() throws DataFormatException {
        byte[] input = new byte[50_000];
        Random random = new Random(3L);
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i % 100 < 70 ? i % 13 : random.nextInt());
        }
        for (BlockCompressor compressor : List.of(BlockCompressors.NONE, BlockCompressors.LZ4_FAST,
                BlockCompressors.lz4High(9), BlockCompressors.DEFLATE, BlockCompressors.SNAPPY,
                BlockCompressors.ZSTD_DEFAULT, BlockCompressors.zstd(19))) {
            byte[] compressed = new byte[3 + compressor.maxCompressedLength(input.length)];
            int length = compressor.compress(input, 0, input.length, compressed, 3);
            assertThat(BlockCompressors.forId(compressor.id()).id()).isEqualTo(compressor.id());
            byte[] output = new byte[input.length + 5];
            BlockCompressors.forId(compressor.id()).decompress(compressed, 3, length, output, 5, input.length);
            assertThat(java.util.Arrays.copyOfRange(output, 5, output.length)).as("%s", compressor).isEqualTo(input);
            assertThatThrownBy(() -> compressor.decompress(compressed, 3, length, new byte[input.length + 1], 0,
                    input.length + 1)).as("%s", compressor).isInstanceOf(DataFormatException.class);
            if (compressor.id() != BlockCompressor.NONE_ID) {
                assertThatThrownBy(() -> compressor.decompress(compressed, 3, length / 2, new byte[input.length], 0,
                        input.length)).as("%s", compressor).isInstanceOf(DataFormatException.class);
            }
        }
        assertThat(BlockCompressors.forId(5)).isNull();
    }
}
