package io.almanac.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SweepPolicyTest {

    private static final TtlSweeperConfig TWCS_ONLY = TtlSweeperConfig.defaults();
    private static final TtlSweeperConfig ALL = new TtlSweeperConfig(TtlSweeperConfig.SweepScope.ALL_TABLES, true, 10,
            100);

    static TableMetadata table(Map<String, String> compaction, int gcGraceSeconds) {
        List<ColumnMetadata> columns = List.of(
                new ColumnMetadata("device_id", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE));
        TableParams defaults = TableParams.DEFAULT;
        TableParams params = new TableParams("", compaction, defaults.compression(), defaults.caching(), 0,
                gcGraceSeconds, 0.01, 1.0, 0, "99p");
        return new TableMetadata("ks", "t", UUID.randomUUID(), columns, params);
    }

    private static Map<String, String> twcs(String... keyValues) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("class", "TimeWindowCompactionStrategy"));
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    @Test
    void timeWindowTablesUseTheirCheckFrequencyAndGcGrace() {
        assertThat(SweepPolicy.of(table(twcs(), 3_600), TWCS_ONLY)).contains(new SweepPolicy(600, 3_600, false));
        assertThat(SweepPolicy.of(table(twcs("expired_sstable_check_frequency_seconds", "60"), 0), TWCS_ONLY))
                .contains(new SweepPolicy(60, 0, false));
    }

    @Test
    void aggressiveExpirationNeedsTheNodeSettingAndTheTableOption() {
        TableMetadata aggressive = table(twcs("unsafe_aggressive_sstable_expiration", "true"), 10);
        assertThat(SweepPolicy.of(aggressive, TWCS_ONLY).map(SweepPolicy::unsafeAggressive)).contains(false);
        assertThat(SweepPolicy.of(aggressive, ALL).map(SweepPolicy::unsafeAggressive)).contains(true);
        assertThat(SweepPolicy.of(table(twcs(), 10), ALL).map(SweepPolicy::unsafeAggressive)).contains(false);
    }

    @Test
    void otherStrategiesAreSweptOnlyWhenEveryTableIsInScope() {
        TableMetadata sizeTiered = table(TableParams.DEFAULT.compaction(), 864_000);
        assertThat(SweepPolicy.of(sizeTiered, TWCS_ONLY)).isEmpty();
        assertThat(SweepPolicy.of(sizeTiered, ALL)).contains(new SweepPolicy(600, 864_000, false));
    }

    @Test
    void disabledCompactionMeansNoSweep() {
        assertThat(SweepPolicy.of(table(twcs("enabled", "false"), 10), ALL)).isEqualTo(Optional.empty());
    }

    @Test
    void anUnparsableFrequencyFallsBackToTheDefault() {
        assertThat(SweepPolicy.of(table(twcs("expired_sstable_check_frequency_seconds", "soon"), 1), TWCS_ONLY)
                .map(SweepPolicy::checkFrequencySeconds)).contains(600L);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new TtlSweeperConfig(TtlSweeperConfig.SweepScope.ALL_TABLES, false, 0, 10))
                .hasMessage("ttl sweeper tick interval must be at least 1 second, got 0");
        assertThatThrownBy(() -> new TtlSweeperConfig(TtlSweeperConfig.SweepScope.ALL_TABLES, false, 1, 0))
                .hasMessage("ttl sweeper report capacity must be at least 1, got 0");
    }
}
