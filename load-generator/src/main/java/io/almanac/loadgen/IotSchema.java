package io.almanac.loadgen;

/**
 * The CQL text of the reference IoT workload: keyspace, table, the prepared INSERT and the time-range SELECT.
 * Keyspace and table names are validated identifiers ({@link WorkloadConfig}), so they are spliced in unquoted.
 *
 * <p>Thread safety: stateless.
 */
public final class IotSchema {

    private IotSchema() {
    }

    /** @return {@code DROP KEYSPACE IF EXISTS ks} */
    public static String dropKeyspace(WorkloadConfig config) {
        return "DROP KEYSPACE IF EXISTS " + config.keyspace();
    }

    /** @return the keyspace, SimpleStrategy with replication factor 1 */
    public static String createKeyspace(WorkloadConfig config) {
        return "CREATE KEYSPACE IF NOT EXISTS " + config.keyspace()
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
    }

    /** @return the reference IoT table: one partition per device and UTC day, newest sample first, hourly TWCS */
    public static String createTable(WorkloadConfig config) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(config) + " ("
                + "device_id text, day date, ts timestamp, metric text, value double, "
                + "PRIMARY KEY ((device_id, day), ts, metric)) "
                + "WITH CLUSTERING ORDER BY (ts DESC, metric ASC) "
                + "AND compaction = {'class': 'TimeWindowCompactionStrategy', "
                + "'compaction_window_unit': 'HOURS', 'compaction_window_size': 1} "
                + "AND default_time_to_live = " + config.ttlSeconds();
    }

    /** @return the single-row INSERT, bound as (device_id, day, ts, metric, value) */
    public static String insert(WorkloadConfig config) {
        return "INSERT INTO " + qualified(config) + " (device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)";
    }

    /** @return the one-partition time-range read, bound as (device_id, day, from inclusive, to exclusive) */
    public static String selectRange(WorkloadConfig config) {
        return "SELECT ts, metric, value FROM " + qualified(config)
                + " WHERE device_id = ? AND day = ? AND ts >= ? AND ts < ?";
    }

    /** @return the whole-partition read of the verification, bound as (device_id, day) */
    public static String selectPartition(WorkloadConfig config) {
        return "SELECT ts, metric, value FROM " + qualified(config) + " WHERE device_id = ? AND day = ?";
    }

    private static String qualified(WorkloadConfig config) {
        return config.keyspace() + "." + config.table();
    }
}
