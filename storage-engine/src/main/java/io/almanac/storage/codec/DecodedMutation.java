package io.almanac.storage.codec;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * A reusable holder for one decoded mutation record ({@link MutationCodec}); the shard writer and replay keep one
 * each and refill it per record.
 *
 * <p>Thread safety: not thread safe; owned by one thread.
 */
public final class DecodedMutation {

    long tableIdMostSignificantBits;
    long tableIdLeastSignificantBits;
    DecoratedKey key;
    DeletionTime partitionDeletion;
    final List<Row> rows = new ArrayList<>();
    final List<RangeTombstone> rangeTombstones = new ArrayList<>();

    void clear() {
        key = null;
        partitionDeletion = null;
        rows.clear();
        rangeTombstones.clear();
    }

    public long tableIdMostSignificantBits() {
        return tableIdMostSignificantBits;
    }

    public long tableIdLeastSignificantBits() {
        return tableIdLeastSignificantBits;
    }

    public DecoratedKey key() {
        return key;
    }

    /** @return the partition deletion, or null */
    public DeletionTime partitionDeletion() {
        return partitionDeletion;
    }

    /** @return the decoded range tombstones (the holder's own list: copy what must outlive the next decode) */
    public List<RangeTombstone> rangeTombstones() {
        return rangeTombstones;
    }

    /** @return the decoded rows (the holder's own list: copy what must outlive the next decode) */
    public List<Row> rows() {
        return rows;
    }
}
