package io.almanac.compaction.twcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.CompactionStrategy;
import io.almanac.storage.compaction.CompactionStrategyProvider;
import io.almanac.storage.compaction.CompactionTask;
import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract every compaction strategy keeps (Lucene's BaseMergePolicyTestCase, for SSTables): a task is never
 * empty, never takes an SSTable twice or one that is not live, never takes more than max_threshold; background
 * compaction converges, and a converged (stable) set gives no task. Each subclass supplies its provider and the
 * shape of its SSTable sets. Failures name the seed.
 */
abstract class CompactionStrategyContractTest {

    /** 2026-01-01T00:00:00Z in microseconds. */
    static final long START_MICROS = 1_767_225_600_000_000L;
    static final long HOUR_MICROS = 3_600_000_000L;

    /** @return the provider under test */
    abstract CompactionStrategyProvider provider();

    /** @return the options every test starts from, including {@code class} */
    abstract Map<String, String> baseOptions();

    /** @return a random live set of {@code count} SSTables in this strategy's domain, generations 1..count */
    abstract List<SSTableInfo> randomSSTables(Random random, int count);

    /** @return a set this strategy must leave alone with min_threshold 4 */
    abstract List<SSTableInfo> stableSSTables(Random random);

    /** @return "now" for the strategy, seconds since the epoch */
    long nowSeconds() {
        return START_MICROS / 1_000_000L + 30 * 86_400L;
    }

    static TableMetadata table(Map<String, String> compaction) {
        List<ColumnMetadata> columns = List.of(
                new ColumnMetadata("device_id", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                new ColumnMetadata("ts", NativeType.TIMESTAMP, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC),
                new ColumnMetadata("value", NativeType.DOUBLE, ColumnKind.REGULAR, -1, ClusteringOrder.NONE));
        return new TableMetadata("ks", "t", UUID.nameUUIDFromBytes("ks.t".getBytes()), columns,
                TableParams.DEFAULT.withCompaction(compaction));
    }

    CompactionStrategy strategy(Map<String, String> overrides) {
        Map<String, String> options = new HashMap<>(baseOptions());
        options.putAll(overrides);
        return provider().create(table(options));
    }

    CompactionStrategy strategy(int minThreshold, int maxThreshold) {
        return strategy(Map.of("min_threshold", String.valueOf(minThreshold), "max_threshold",
                String.valueOf(maxThreshold)));
    }

    @ParameterizedTest(name = "seed {0}, thresholds {1}/{2}")
    @CsvSource({"1,2,2", "2,2,4", "3,4,32", "4,3,5", "5,4,4", "6,2,32", "7,4,8", "8,6,10", "9,2,3", "10,4,32",
        "11,2,2", "12,3,3", "13,4,6", "14,5,32", "15,2,5", "16,4,32"})
    void everyTaskIsValidAndCompactionConverges(long seed, int minThreshold, int maxThreshold) {
        Random random = new Random(seed);
        int totalTasks = 0;
        for (int round = 0; round < 10; round++) {
            List<SSTableInfo> live = randomSSTables(random, random.nextInt(80));
            CompactionStrategy strategy = strategy(minThreshold, maxThreshold);
            long generation = live.size() + 1L;
            int tasks = 0;
            Optional<CompactionTask> task = strategy.nextBackgroundTask(live, nowSeconds());
            while (task.isPresent()) {
                assertValid(task.get(), live, maxThreshold, "seed " + seed + " round " + round);
                live = SSTables.apply(live, task.get(), generation++);
                tasks++;
                assertThat(tasks).as("seed %d round %d: compaction must converge", seed, round)
                        .isLessThanOrEqualTo(80);
                task = strategy.nextBackgroundTask(live, nowSeconds());
            }
            assertThat(strategy(minThreshold, maxThreshold).nextBackgroundTask(live, nowSeconds()))
                    .as("seed %d round %d: a converged set is stable for a fresh strategy too", seed, round)
                    .isEmpty();
            totalTasks += tasks;
        }
        assertThat(totalTasks).as("seed %d: the random sets must give the strategy work", seed).isPositive();
    }

    private static void assertValid(CompactionTask task, List<SSTableInfo> live, int maxThreshold, String context) {
        assertThat(task.inputs()).as(context).isNotEmpty().hasSizeGreaterThanOrEqualTo(2)
                .hasSizeLessThanOrEqualTo(maxThreshold).doesNotHaveDuplicates();
        assertThat(live).as(context).containsAll(task.inputs());
        assertThat(task.description()).as(context).isNotBlank();
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderOfTheLiveSet() {
        Random random = new Random(77);
        for (int round = 0; round < 50; round++) {
            List<SSTableInfo> live = randomSSTables(random, 40);
            Optional<CompactionTask> first = strategy(4, 32).nextBackgroundTask(live, nowSeconds());
            List<SSTableInfo> shuffled = new ArrayList<>(live);
            Collections.shuffle(shuffled, random);
            Optional<CompactionTask> second = strategy(4, 32).nextBackgroundTask(shuffled, nowSeconds());
            assertThat(second.map(t -> Set.copyOf(t.inputs()))).as("round %d", round)
                    .isEqualTo(first.map(t -> Set.copyOf(t.inputs())));
        }
    }

    @Test
    void aStableSetGivesNoTask() {
        Random random = new Random(5);
        for (int round = 0; round < 20; round++) {
            List<SSTableInfo> stable = stableSSTables(random);
            assertThat(strategy(4, 32).nextBackgroundTask(stable, nowSeconds())).as("round %d: %s", round, stable)
                    .isEmpty();
        }
    }

    @Test
    void noSSTablesGiveNoTask() {
        assertThat(strategy(4, 32).nextBackgroundTask(List.of(), nowSeconds())).isEmpty();
    }

    @Test
    void aDisabledStrategyGivesNoTask() {
        CompactionStrategy disabled = strategy(Map.of("enabled", "false", "min_threshold", "2"));
        Random random = new Random(9);
        for (int round = 0; round < 20; round++) {
            assertThat(disabled.nextBackgroundTask(randomSSTables(random, 50), nowSeconds())).isEmpty();
        }
    }

    @Test
    void theProviderNamesItsClassAndAcceptsItsBaseOptions() {
        assertThat(provider().className()).startsWith(TableParams.COMPACTION_PACKAGE);
        provider().validateOptions(baseOptions());
    }
}
