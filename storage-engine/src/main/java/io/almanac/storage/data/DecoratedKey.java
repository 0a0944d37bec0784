package io.almanac.storage.data;

import io.almanac.storage.partition.Murmur3Partitioner;
import java.util.Arrays;

/**
 * A serialized partition key with its Murmur3 token. Partitions are ordered by token, then by unsigned key bytes
 * (Cassandra's ring order); that is the order of partitions in a memtable and in Data.db.
 *
 * @param token the key's Murmur3 token
 * @param key   the serialized partition key (see {@link io.almanac.storage.partition.PartitionKeys}); not copied,
 *              callers must not modify it
 */
public record DecoratedKey(long token, byte[] key) implements Comparable<DecoratedKey> {

    /** @return the decorated form of {@code key}, computing its token */
    public static DecoratedKey of(byte[] key) {
        return new DecoratedKey(Murmur3Partitioner.token(key), key);
    }

    @Override
    public int compareTo(DecoratedKey other) {
        int byToken = Long.compare(token, other.token);
        return byToken != 0 ? byToken : Arrays.compareUnsigned(key, other.key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecoratedKey that && token == that.token && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(token);
    }

    @Override
    public String toString() {
        return "DecoratedKey(" + token + ", " + java.util.HexFormat.of().formatHex(key) + ")";
    }
}
