package io.almanac.storage.write;

import io.almanac.storage.codec.TableLayout;

/** Finds the current layout of a table by id for the shard writer and replay (implemented by the engine). */
@FunctionalInterface
public interface TableResolver {

    /** @return the table's current layout, or null when the table is not in the schema (dropped) */
    TableLayout layout(long tableIdMostSignificantBits, long tableIdLeastSignificantBits);
}
