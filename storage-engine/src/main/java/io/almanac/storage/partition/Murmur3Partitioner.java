package io.almanac.storage.partition;

/**
 * Apache Cassandra's {@code Murmur3Partitioner}: the token of a partition key is the first 64-bit half of
 * MurmurHash3 x64_128 (seed 0) of the serialized key, with Cassandra's quirk of sign-extending the tail bytes
 * ({@code org.apache.cassandra.utils.MurmurHash.hash3_x64_128}). Tokens must match Cassandra bit for bit, or
 * token-aware drivers route to the wrong node and {@code token()} range scans disagree.
 *
 * <p>Allocation: none. Thread safety: stateless.
 */
public final class Murmur3Partitioner {

    /** The partitioner's class name as {@code system.local.partitioner} shows it; drivers match it exactly. */
    public static final String CLASS_NAME = "org.apache.cassandra.dht.Murmur3Partitioner";
    /** The smallest token; no key hashes to it (it is reserved as the ring minimum). */
    public static final long MINIMUM_TOKEN = Long.MIN_VALUE;

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3Partitioner() {
    }

    /**
     * @param key the serialized partition key (composite keys as built by {@link PartitionKeys#compose})
     * @return the token; an empty key gets {@link #MINIMUM_TOKEN}
     */
    public static long token(byte[] key) {
        return token(key, 0, key.length);
    }

    /** @return the token of {@code length} bytes of {@code key} from {@code offset} */
    public static long token(byte[] key, int offset, int length) {
        if (length == 0) {
            return MINIMUM_TOKEN;
        }
        long h1 = hash3x64First(key, offset, length);
        return h1 == Long.MIN_VALUE ? Long.MAX_VALUE : h1;
    }

    /** MurmurHash3 x64_128 with seed 0, returning h1; tail bytes are sign-extended as in Cassandra. */
    private static long hash3x64First(byte[] key, int offset, int length) {
        int blocks = length >> 4;
        long h1 = 0;
        long h2 = 0;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndianLong(key, offset + i * 16);
            long k2 = littleEndianLong(key, offset + i * 16 + 8);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = offset + blocks * 16;
        long k1 = 0;
        long k2 = 0;
        switch (length & 15) {
            case 15: k2 ^= ((long) key[tail + 14]) << 48; // fall through
            case 14: k2 ^= ((long) key[tail + 13]) << 40; // fall through
            case 13: k2 ^= ((long) key[tail + 12]) << 32; // fall through
            case 12: k2 ^= ((long) key[tail + 11]) << 24; // fall through
            case 11: k2 ^= ((long) key[tail + 10]) << 16; // fall through
            case 10: k2 ^= ((long) key[tail + 9]) << 8; // fall through
            case 9:
                k2 ^= key[tail + 8];
                k2 *= C2;
                k2 = Long.rotateLeft(k2, 33);
                k2 *= C1;
                h2 ^= k2;
                // fall through
            case 8: k1 ^= ((long) key[tail + 7]) << 56; // fall through
            case 7: k1 ^= ((long) key[tail + 6]) << 48; // fall through
            case 6: k1 ^= ((long) key[tail + 5]) << 40; // fall through
            case 5: k1 ^= ((long) key[tail + 4]) << 32; // fall through
            case 4: k1 ^= ((long) key[tail + 3]) << 24; // fall through
            case 3: k1 ^= ((long) key[tail + 2]) << 16; // fall through
            case 2: k1 ^= ((long) key[tail + 1]) << 8; // fall through
            case 1:
                k1 ^= key[tail];
                k1 *= C1;
                k1 = Long.rotateLeft(k1, 31);
                k1 *= C2;
                h1 ^= k1;
                break;
            default:
                break;
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        return h1 + h2;
    }

    private static long littleEndianLong(byte[] bytes, int index) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[index + i] & 0xFFL);
        }
        return value;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
