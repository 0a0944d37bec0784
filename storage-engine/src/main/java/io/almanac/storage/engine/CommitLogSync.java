package io.almanac.storage.engine;

/** When a write is acknowledged, as cassandra.yaml's {@code commitlog_sync}. */
public enum CommitLogSync {
    /** After the append to the memory-mapped commit log; survives a process crash (kill -9); fsync every period. */
    PERIODIC,
    /** After the fsync of the group window holding the append; survives power loss. */
    GROUP
}
