package io.almanac.storage.sstable;

import io.almanac.storage.codec.DecodeCursor;
import io.almanac.storage.codec.MalformedDataException;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.io.StorageFiles;
import java.nio.file.Path;

/**
 * A bloom filter on partition keys ({@code <gen>-Filter.db}, grammar in {@link SSTableFormat}), sized for the
 * table's {@code bloom_filter_fp_chance}. Hashes are derived from the key's Murmur3 token (already computed for
 * every key), double hashing {@code h1 + j * h2}.
 *
 * <p>Thread safety: {@link #add} during the write only; {@link #mightContain} from any thread once written.
 */
public final class BloomFilter {

    private static final int MAX_HASHES = 20;

    private final int hashCount;
    private final long bitCount;
    private final long[] words;

    private BloomFilter(int hashCount, long bitCount, long[] words) {
        this.hashCount = hashCount;
        this.bitCount = bitCount;
        this.words = words;
    }

    /** @return an empty filter for {@code expectedKeys} keys at false-positive probability {@code fpChance} */
    public static BloomFilter create(long expectedKeys, double fpChance) {
        long keys = Math.max(1, expectedKeys);
        if (fpChance >= 1.0) {
            return new BloomFilter(1, 64, new long[1]);
        }
        double bitsPerKey = -Math.log(fpChance) / (Math.log(2) * Math.log(2));
        long bits = Math.max(64, (long) Math.ceil(keys * bitsPerKey));
        bits = Math.min(bits, (long) Integer.MAX_VALUE * 64 - 64);
        int hashes = (int) Math.max(1, Math.min(MAX_HASHES, Math.round(bitsPerKey * Math.log(2))));
        return new BloomFilter(hashes, bits, new long[(int) ((bits + 63) / 64)]);
    }

    public void add(DecoratedKey key) {
        long h1 = key.token();
        long h2 = secondHash(h1);
        for (int j = 0; j < hashCount; j++) {
            long bit = Math.floorMod(h1 + j * h2, bitCount);
            words[(int) (bit >>> 6)] |= 1L << (bit & 63);
        }
    }

    /** @return false when the key is certainly absent */
    public boolean mightContain(DecoratedKey key) {
        long h1 = key.token();
        long h2 = secondHash(h1);
        for (int j = 0; j < hashCount; j++) {
            long bit = Math.floorMod(h1 + j * h2, bitCount);
            if ((words[(int) (bit >>> 6)] & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long secondHash(long h1) {
        long k = h1;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k | 1;
    }

    void write(ComponentWriter out) {
        out.putInt(hashCount);
        out.putLong(bitCount);
        out.putInt(words.length);
        for (long word : words) {
            out.putLong(word);
        }
    }

    /** @throws CorruptSSTableException when the component fails its checks */
    static BloomFilter read(StorageFiles files, Path file) {
        DecodeCursor cursor = SSTableFormat.readComponent(files, file, SSTableFormat.FILTER);
        int base = SSTableFormat.headerBytes(SSTableFormat.FILTER);
        try {
            int hashes = cursor.readInt();
            long bits = cursor.readLong();
            int wordCount = cursor.readInt();
            if (hashes < 1 || hashes > MAX_HASHES || bits < 1 || wordCount != (bits + 63) / 64) {
                throw new CorruptSSTableException(file, base, "inconsistent filter sizes");
            }
            long[] words = new long[wordCount];
            for (int i = 0; i < wordCount; i++) {
                words[i] = cursor.readLong();
            }
            return new BloomFilter(hashes, bits, words);
        } catch (MalformedDataException e) {
            throw SSTableFormat.corrupt(file, e);
        }
    }
}
