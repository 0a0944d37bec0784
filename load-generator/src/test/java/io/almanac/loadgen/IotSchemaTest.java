package io.almanac.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IotSchemaTest {

    private static final WorkloadConfig CONFIG = new WorkloadConfig("127.0.0.1", 9042, "datacenter1", "almanac_load",
            "sensor_data", 100, 1000, 4, 64, 1, 1000, 32, 1, 86_400, false, 42, Instant.parse("2026-01-01T00:00:00Z"),
            12_000, IngestOptions.defaults());

    @Test
    void theReferenceTableIsHourlyTwcsWithTheConfiguredTtl() {
        assertThat(IotSchema.createTable(CONFIG)).isEqualTo("CREATE TABLE IF NOT EXISTS almanac_load.sensor_data ("
                + "device_id text, day date, ts timestamp, metric text, value double, "
                + "PRIMARY KEY ((device_id, day), ts, metric)) WITH CLUSTERING ORDER BY (ts DESC, metric ASC) "
                + "AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', "
                + "'compaction_window_size': 1} AND default_time_to_live = 86400");
    }

    @Test
    void keyspaceIsSimpleStrategyWithOneReplica() {
        assertThat(IotSchema.createKeyspace(CONFIG)).isEqualTo("CREATE KEYSPACE IF NOT EXISTS almanac_load WITH "
                + "replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(IotSchema.dropKeyspace(CONFIG)).isEqualTo("DROP KEYSPACE IF EXISTS almanac_load");
    }

    @Test
    void statementsBindInTheDocumentedOrder() {
        assertThat(IotSchema.insert(CONFIG)).isEqualTo("INSERT INTO almanac_load.sensor_data "
                + "(device_id, day, ts, metric, value) VALUES (?, ?, ?, ?, ?)");
        assertThat(IotSchema.selectRange(CONFIG)).isEqualTo("SELECT ts, metric, value FROM almanac_load.sensor_data "
                + "WHERE device_id = ? AND day = ? AND ts >= ? AND ts < ?");
    }
}
