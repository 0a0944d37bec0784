package io.almanac.storage.sstable.compress;

import com.github.luben.zstd.Zstd;
import io.almanac.storage.schema.ConfigurationException;
import io.almanac.storage.schema.TableParams;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table's {@code compression} option ({@code CREATE TABLE ... WITH compression = {...}}), parsed and validated
 * with the rules and messages of Cassandra 5.0's {@code org.apache.cassandra.schema.CompressionParams} and its
 * compressors ({@code LZ4Compressor}, {@code ZstdCompressor}, ...). It applies per SSTable: every flush and
 * compaction writes with the table's setting at that moment, and each Data.db block records its compressor.
 *
 * <p>Options: {@code class} ({@code LZ4Compressor}, the default, {@code DeflateCompressor},
 * {@code SnappyCompressor}, {@code ZstdCompressor}, {@code NoopCompressor}; short or qualified with
 * {@code org.apache.cassandra.io.compress.}); {@code enabled} ({@code false}, or an empty map: blocks stored
 * uncompressed); {@code chunk_length_in_kb} (KiB, a power of two, default 16; validated and shown back, but an
 * Almanac block is the unit of its columnar encoding, at most 64 KiB of rows in RowCodec's layout and 65,536 rows,
 * whatever the chunk length); {@code min_compress_ratio} (0, the default, or at least 1: a block whose compressed
 * size exceeds its uncompressed size divided by the ratio is stored uncompressed); LZ4's
 * {@code lz4_compressor_type} ({@code fast}, {@code high}) and {@code lz4_high_compressor_level} (1 to 17, default
 * 9); Zstandard's {@code compression_level} (default 3).
 *
 * <p>Thread safety: immutable.
 *
 * @param compressor        what writes the blocks ({@link BlockCompressors#NONE} when disabled)
 * @param className         the qualified Cassandra class name, or null when compression is disabled
 * @param chunkLengthBytes  {@code chunk_length_in_kb} in bytes
 * @param minCompressRatio  {@code min_compress_ratio}; 0 = always store the compressed bytes
 * @param compressorOptions the compressor's own options ({@code lz4_compressor_type}, {@code compression_level})
 */
public record SSTableCompression(BlockCompressor compressor, String className, int chunkLengthBytes,
                                 double minCompressRatio, Map<String, String> compressorOptions) {

    public static final String CLASS = "class";
    public static final String CHUNK_LENGTH_IN_KB = "chunk_length_in_kb";
    public static final String ENABLED = "enabled";
    public static final String MIN_COMPRESS_RATIO = "min_compress_ratio";
    public static final String LZ4_COMPRESSOR_TYPE = "lz4_compressor_type";
    public static final String LZ4_HIGH_COMPRESSOR_LEVEL = "lz4_high_compressor_level";
    public static final String ZSTD_COMPRESSION_LEVEL = "compression_level";
    public static final int DEFAULT_CHUNK_LENGTH_BYTES = 16 * 1024;

    /** The default: LZ4 (fast), 16 KiB chunks, ratio 0. */
    public static final SSTableCompression DEFAULT = new SSTableCompression(BlockCompressors.LZ4_FAST,
            TableParams.COMPRESSION_PACKAGE + "LZ4Compressor", DEFAULT_CHUNK_LENGTH_BYTES, 0.0, Map.of());

    public SSTableCompression {
        compressorOptions = Map.copyOf(compressorOptions);
    }

    /**
     * Parses a {@code compression} option map as Cassandra's {@code CompressionParams.fromMap} does.
     *
     * @throws ConfigurationException with Cassandra's message when an option is missing, unknown or invalid
     */
    public static SSTableCompression fromOptions(Map<String, String> options) {
        Map<String, String> rest = new HashMap<>(options);
        if (!options.isEmpty() && isEnabled(options) && !options.containsKey(CLASS)) {
            throw new ConfigurationException("Missing sub-option 'class' for the 'compression' option.");
        }
        boolean enabled = isEnabled(rest);
        rest.remove(ENABLED);
        if (!enabled && !rest.isEmpty()) {
            throw new ConfigurationException("If the 'enabled' option is set to false no other options must be"
                    + " specified");
        }
        String className = rest.remove(CLASS);
        if (className != null && className.isEmpty()) {
            throw new ConfigurationException("The 'class' option must not be empty. To disable compression use"
                    + " 'enabled' : false");
        }
        int chunkLength = chunkLength(rest.remove(CHUNK_LENGTH_IN_KB));
        double minCompressRatio = minCompressRatio(rest.remove(MIN_COMPRESS_RATIO));
        BlockCompressor compressor;
        String qualified = null;
        if (className == null) {
            if (!rest.isEmpty()) {
                throw new ConfigurationException("Unknown compression options (" + rest.keySet()
                        + ") since no compression class found");
            }
            compressor = BlockCompressors.NONE;
        } else {
            qualified = className.contains(".") ? className : TableParams.COMPRESSION_PACKAGE + className;
            compressor = compressor(qualified, rest);
        }
        validate(chunkLength, minCompressRatio);
        return new SSTableCompression(compressor, qualified, chunkLength, minCompressRatio, rest);
    }

    /**
     * @return the table's setting; a stored option that no longer parses (a schema written before options were
     *         checked) falls back to {@link #DEFAULT}, which is what such tables were always written with
     */
    public static SSTableCompression forTable(TableParams params) {
        try {
            return fromOptions(params.compression());
        } catch (ConfigurationException e) {
            return DEFAULT;
        }
    }

    /** @return whether blocks are compressed */
    public boolean enabled() {
        return className != null;
    }

    /**
     * @return the option map as Cassandra stores and shows it ({@code CompressionParams.asMap}):
     *         {@code {'enabled': 'false'}} when disabled, else the qualified class, the chunk length in KiB, a
     *         non-zero min_compress_ratio and the compressor's own options
     */
    public Map<String, String> asOptions() {
        if (!enabled()) {
            return Map.of(ENABLED, "false");
        }
        Map<String, String> options = new TreeMap<>(compressorOptions);
        options.put(CLASS, className);
        options.put(CHUNK_LENGTH_IN_KB, String.valueOf(chunkLengthBytes / 1024));
        if (minCompressRatio != 0.0) {
            options.put(MIN_COMPRESS_RATIO, String.valueOf(minCompressRatio));
        }
        return options;
    }

    /**
     * @return the largest compressed size, bytes, kept for a block of {@code uncompressedLength} bytes; a block
     *         that compresses to more is stored uncompressed ({@link Integer#MAX_VALUE} when the ratio is 0)
     */
    public int maxCompressedLength(int uncompressedLength) {
        if (minCompressRatio == 0.0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.ceil(Math.min(uncompressedLength / minCompressRatio, Integer.MAX_VALUE));
    }

    /** Cassandra's {@code CompressionParams.isEnabled(Map)}: absent or {@code Boolean.parseBoolean}. */
    private static boolean isEnabled(Map<String, String> options) {
        String enabled = options.get(ENABLED);
        return enabled == null || Boolean.parseBoolean(enabled);
    }

    private static int chunkLength(String kib) {
        if (kib == null) {
            return DEFAULT_CHUNK_LENGTH_BYTES;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(kib);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Invalid value for " + CHUNK_LENGTH_IN_KB);
        }
        if (parsed > Integer.MAX_VALUE / 1024) {
            throw new ConfigurationException("Value of " + CHUNK_LENGTH_IN_KB + " is too large (" + parsed + ")");
        }
        return parsed * 1024;
    }

    /** Cassandra lets {@code Double.parseDouble} fail unchecked here; Almanac answers a configuration error. */
    private static double minCompressRatio(String ratio) {
        if (ratio == null) {
            return 0.0;
        }
        try {
            double parsed = Double.parseDouble(ratio);
            if (Double.isNaN(parsed)) {
                throw new NumberFormatException(ratio);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Invalid value for " + MIN_COMPRESS_RATIO);
        }
    }

    /** Cassandra's {@code CompressionParams.validate()}. */
    private static void validate(int chunkLength, double minCompressRatio) {
        if (chunkLength <= 0) {
            throw new ConfigurationException("Invalid negative or null " + CHUNK_LENGTH_IN_KB);
        }
        if ((chunkLength & (chunkLength - 1)) != 0) {
            throw new ConfigurationException(CHUNK_LENGTH_IN_KB + " must be a power of 2");
        }
        int maxCompressedLength = (int) Math.ceil(Math.min(chunkLength / minCompressRatio, Integer.MAX_VALUE));
        if (maxCompressedLength < 0) {
            throw new ConfigurationException("Invalid negative " + MIN_COMPRESS_RATIO);
        }
        if (maxCompressedLength > chunkLength && maxCompressedLength < Integer.MAX_VALUE) {
            throw new ConfigurationException(MIN_COMPRESS_RATIO + " can either be 0 or greater than or equal to 1");
        }
    }

    /**
     * Cassandra's {@code CompressionParams.createCompressor}: the compressor's {@code create(Map)} checks its own
     * options, then any option it does not support is refused.
     */
    private static BlockCompressor compressor(String qualified, Map<String, String> options) {
        String simpleName = qualified.startsWith(TableParams.COMPRESSION_PACKAGE)
                ? qualified.substring(TableParams.COMPRESSION_PACKAGE.length()) : "";
        Set<String> supported = Set.of();
        BlockCompressor compressor;
        switch (simpleName) {
            case "LZ4Compressor" -> {
                compressor = lz4(options);
                supported = Set.of(LZ4_COMPRESSOR_TYPE, LZ4_HIGH_COMPRESSOR_LEVEL);
            }
            case "ZstdCompressor" -> {
                compressor = BlockCompressors.zstd(zstdLevel(options.get(ZSTD_COMPRESSION_LEVEL)));
                supported = Set.of(ZSTD_COMPRESSION_LEVEL);
            }
            case "DeflateCompressor" -> compressor = BlockCompressors.DEFLATE;
            case "SnappyCompressor" -> compressor = BlockCompressors.SNAPPY;
            case "NoopCompressor" -> compressor = BlockCompressors.NONE;
            default -> throw new ConfigurationException("Could not create Compression for type " + qualified);
        }
        for (String provided : new TreeMap<>(options).keySet()) {
            if (!supported.contains(provided)) {
                throw new ConfigurationException("Unknown compression options " + provided);
            }
        }
        return compressor;
    }

    /** Cassandra's {@code LZ4Compressor.create}: validates the type, then the level (even for {@code fast}). */
    private static BlockCompressor lz4(Map<String, String> options) {
        String type = options.getOrDefault(LZ4_COMPRESSOR_TYPE, "fast");
        if (!type.equals("fast") && !type.equals("high")) {
            // Cassandra prints its HashSet of the two types, which iterates as [high, fast]
            throw new ConfigurationException("Invalid compressor type '" + type + "' specified for LZ4 parameter '"
                    + LZ4_COMPRESSOR_TYPE + "'. Valid options are " + new LinkedHashSet<>(Arrays.asList("high", "fast"))
                    + ".");
        }
        String levelText = options.get(LZ4_HIGH_COMPRESSOR_LEVEL);
        int level = 9;
        if (levelText != null) {
            ConfigurationException invalid = new ConfigurationException("Invalid value [" + levelText
                    + "] for parameter '" + LZ4_HIGH_COMPRESSOR_LEVEL + "'. Value must be between 1 and 17.");
            try {
                level = Integer.parseInt(levelText);
            } catch (NumberFormatException e) {
                throw invalid;
            }
            if (level < 1 || level > 17) {
                throw invalid;
            }
        }
        return type.equals("fast") ? BlockCompressors.LZ4_FAST : BlockCompressors.lz4High(level);
    }

    /** Cassandra's {@code ZstdCompressor.create}, whose errors {@code CompressionParams} wraps as shown. */
    private static int zstdLevel(String levelText) {
        if (levelText == null) {
            return 3;
        }
        int level;
        try {
            level = Integer.parseInt(levelText);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("ZstdCompressor.create() threw an error: "
                    + NumberFormatException.class.getName() + " " + e.getMessage());
        }
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new ConfigurationException("ZstdCompressor.create() threw an error: "
                    + IllegalArgumentException.class.getName() + " " + ZSTD_COMPRESSION_LEVEL + "=" + level
                    + " is invalid");
        }
        return level;
    }
}
