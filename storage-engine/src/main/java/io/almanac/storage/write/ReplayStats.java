package io.almanac.storage.write;

/**
 * What a commit log replay did.
 *
 * @param replayed mutations applied to the memtable
 * @param skipped  mutations of tables no longer in the schema, skipped
 */
public record ReplayStats(long replayed, long skipped) {
}
