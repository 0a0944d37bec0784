package io.almanac.compaction.twcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.schema.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompactionOptionsValidationTest {

    private static final TimeWindowCompactionStrategyProvider TWCS = new TimeWindowCompactionStrategyProvider();
    private static final SizeTieredCompactionStrategyProvider STCS = new SizeTieredCompactionStrategyProvider();

    private static Map<String, String> twcs(String key, String value) {
        Map<String, String> options = new HashMap<>();
        options.put("class", TimeWindowCompactionStrategyProvider.CLASS_NAME);
        options.put(key, value);
        return options;
    }

    private static void assertRefused(CompactionStrategyProvider provider, Map<String, String> options,
                                      String message) {
        assertThatThrownBy(() -> provider.validateOptions(options)).isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "compaction_window_unit|hours|hours is not valid for compaction_window_unit",
        "compaction_window_unit|SECONDS|SECONDS is not valid for compaction_window_unit",
        "compaction_window_unit|WEEKS|WEEKS is not valid for compaction_window_unit",
        "compaction_window_size|0|0 must be greater than 1 for compaction_window_size",
        "compaction_window_size|-3|-3 must be greater than 1 for compaction_window_size",
        "compaction_window_size|one|one is not a parsable int (base10) for compaction_window_size",
        "timestamp_resolution|HOURS|HOURS is not valid for timestamp_resolution",
        "timestamp_resolution|micros|micros is not valid for timestamp_resolution",
        "expired_sstable_check_frequency_seconds|-1|expired_sstable_check_frequency_seconds must not be negative,"
                + " but was -1",
        "expired_sstable_check_frequency_seconds|10m|10m is not a parsable int (base10) for "
                + "expired_sstable_check_frequency_seconds",
        "unsafe_aggressive_sstable_expiration|yes|unsafe_aggressive_sstable_expiration is not 'true' or 'false'"
                + " (yes)",
        "unsafe_aggressive_sstable_expiration|true|unsafe_aggressive_sstable_expiration is requested but not "
                + "allowed, restart the node with allow_unsafe_aggressive_sstable_expiration: true to allow it",
        "min_sstable_size|-1|min_sstable_size must be non negative: -1",
        "min_sstable_size|big|big is not a parsable int (base10) for min_sstable_size",
        "bucket_low|low|low is not a parsable int (base10) for bucket_low",
        "bucket_high|0.4|Bucket high value (0.4) is less than or equal bucket low value (0.5)",
        "tombstone_threshold|-0.5|tombstone_threshold must be greater than 0, but was -0.500000",
        "tombstone_threshold|x|x is not a parsable int (base10) for tombstone_threshold",
        "tombstone_compaction_interval|-1|tombstone_compaction_interval must be greater than 0, but was -1",
        "unchecked_tombstone_compaction|maybe|'unchecked_tombstone_compaction' should be either 'true' or "
                + "'false', not 'maybe'",
        "log_all|1|'log_all' should either be 'true' or 'false', not 1",
        "enabled|no|enabled should either be 'true' or 'false', not no",
        "provide_overlapping_tombstones|all|Invalid value ALL for 'provide_overlapping_tombstones' compaction "
                + "sub-option - must be one of the following [NONE, ROW, CELL].",
        "min_threshold|four|Invalid value four for 'min_threshold' compaction sub-option - must be an integer",
        "min_threshold|-2|Invalid value -2 for 'min_threshold' compaction sub-option - must be an integer",
        "max_threshold|99999999999|Invalid value 99999999999 for 'max_threshold' compaction sub-option - must be "
                + "an integer",
        "min_threshold|1|Min compaction threshold cannot be less than 2 (got 1)",
        "min_threshold|0|Disabling compaction by setting compaction thresholds to 0 has been removed, set the "
                + "compaction option 'enabled' to false instead.",
        "min_threshold|33|Min compaction threshold (got 33) cannot be greater than max compaction threshold (got 32)",
        "max_threshold|3|Min compaction threshold (got 4) cannot be greater than max compaction threshold (got 3)",
    })
    void badValuesAreRefusedWithCassandrasMessage(String key, String value, String message) {
        assertRefused(TWCS, twcs(key, value), message);
    }

    @Test
    void unknownKeysAreListedSorted() {
        Map<String, String> options = twcs("compaction_window_units", "HOURS");
        options.put("max_sstable_age_days", "1");
        assertRefused(TWCS, options, "Properties specified [compaction_window_units, max_sstable_age_days] are not "
                + "understood by TimeWindowCompactionStrategy");
    }

    @Test
    void sizeTieredRefusesTheWindowOptions() {
        Map<String, String> options = new HashMap<>(Map.of("class", SizeTieredCompactionStrategyProvider.CLASS_NAME,
                "compaction_window_unit", "HOURS"));
        assertRefused(STCS, options, "Properties specified [compaction_window_unit] are not understood by "
                + "SizeTieredCompactionStrategy");
        options.remove("compaction_window_unit");
        options.put("bucket_high", "2.0");
        options.put("min_threshold", "2");
        assertThatCode(() -> STCS.validateOptions(options)).doesNotThrowAnyException();
    }

    @Test
    void valuesAreCheckedBeforeUnknownKeys() {
        Map<String, String> options = twcs("compaction_window_size", "0");
        options.put("nonsense", "1");
        assertRefused(TWCS, options, "0 must be greater than 1 for compaction_window_size");
    }

    @Test
    void everyDocumentedOptionIsAccepted() {
        Map<String, String> options = new HashMap<>(Map.ofEntries(
                Map.entry("class", TimeWindowCompactionStrategyProvider.CLASS_NAME),
                Map.entry("compaction_window_unit", "MINUTES"), Map.entry("compaction_window_size", "30"),
                Map.entry("timestamp_resolution", "MILLISECONDS"),
                Map.entry("expired_sstable_check_frequency_seconds", "60"),
                Map.entry("unsafe_aggressive_sstable_expiration", "false"), Map.entry("min_threshold", "2"),
                Map.entry("max_threshold", "16"), Map.entry("bucket_low", "0.25"), Map.entry("bucket_high", "2"),
                Map.entry("min_sstable_size", "1048576"), Map.entry("tombstone_threshold", "0.3"),
                Map.entry("tombstone_compaction_interval", "3600"),
                Map.entry("unchecked_tombstone_compaction", "TRUE"), Map.entry("log_all", "false"),
                Map.entry("enabled", "true"), Map.entry("only_purge_repaired_tombstones", "false"),
                Map.entry("provide_overlapping_tombstones", "row")));
        assertThatCode(() -> TWCS.validateOptions(options)).doesNotThrowAnyException();
        TimeWindowOptions parsed = TimeWindowOptions.parse(options, false);
        assertThat(parsed).isEqualTo(new TimeWindowOptions(TimeUnit.MINUTES, 30, TimeUnit.MILLISECONDS, 60, false,
                new SizeTieredOptions(0.25, 2.0, 1_048_576)));
        assertThat(parsed.windowSizeMillis()).isEqualTo(1_800_000);
        assertThat(CompactionOptions.parse(options)).isEqualTo(new CompactionOptions(true, 2, 16, 0.3f, 3_600, true,
                true));
        assertThat(CompactionOptions.parse(Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME,
                "tombstone_compaction_interval", "60")).tombstoneOptionsGiven()).isTrue();
        assertThat(CompactionOptions.parse(Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME,
                "unchecked_tombstone_compaction", "true")).tombstoneOptionsGiven()).isFalse();
    }

    @Test
    void defaultsAreCassandras() {
        Map<String, String> options = Map.of("class", TimeWindowCompactionStrategyProvider.CLASS_NAME);
        assertThat(TimeWindowOptions.parse(options, false)).isEqualTo(new TimeWindowOptions(TimeUnit.DAYS, 1,
                TimeUnit.MICROSECONDS, 600, false, SizeTieredOptions.DEFAULT));
        assertThat(CompactionOptions.parse(options)).isEqualTo(new CompactionOptions(true, 4, 32, 0.2f, 86_400,
                false));
        assertThat(SizeTieredOptions.DEFAULT.minSSTableSizeBytes()).isEqualTo(50L * 1024 * 1024);
    }

    @Test
    void aggressiveExpirationNeedsTheNodeSetting() {
        Map<String, String> options = twcs("unsafe_aggressive_sstable_expiration", "TRUE");
        TimeWindowCompactionStrategyProvider allowing = new TimeWindowCompactionStrategyProvider(true);
        assertThatCode(() -> allowing.validateOptions(options)).doesNotThrowAnyException();
        assertThat(TimeWindowOptions.parse(options, true).unsafeAggressiveSSTableExpiration()).isTrue();
        assertThat(TimeWindowOptions.parse(options, false).unsafeAggressiveSSTableExpiration()).isFalse();
    }

    @Test
    void theTableDefaultCompactionIsValidSizeTiered() {
        assertThatCode(() -> STCS.validateOptions(io.almanac.storage.schema.TableParams.DEFAULT.compaction()))
                .doesNotThrowAnyException();
        assertThat(STCS.create(CompactionStrategyContractTest.table(
                io.almanac.storage.schema.TableParams.DEFAULT.compaction()))).isInstanceOf(
                SizeTieredCompactionStrategy.class);
    }

    @Test
    void createRefusesInvalidStoredOptions() {
        assertThatThrownBy(() -> TWCS.create(CompactionStrategyContractTest.table(
                twcs("compaction_window_unit", "FORTNIGHTS")))).isInstanceOf(ConfigurationException.class)
                .hasMessage("FORTNIGHTS is not valid for compaction_window_unit");
    }
}
