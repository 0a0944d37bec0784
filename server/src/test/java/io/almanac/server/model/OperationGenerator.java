package io.almanac.server.model;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.time.ManualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the next operation of a run from a seeded random source, weighted: writes (INSERT with a row marker,
 * UPDATE without, cell / row / partition deletes; TTLs explicit, table default or {@code USING TTL 0}; timestamps
 * fresh, late as with {@code USING TIMESTAMP}, or tied with an earlier write), clock advances, flushes, major and
 * background compactions, TTL sweeps, clean and crash restarts, and checks. The choice depends only on the seed, the
 * clock and the model, never on the engine, so a seed replays the same run.
 *
 * <p>Two write shapes are avoided on purpose, because Cassandra itself answers them differently depending on when
 * compaction runs (see {@link #timestamp}):
 * <ul>
 *   <li>two expiring writes of one cell with the same timestamp (before expiry the larger expiry wins, after the
 *       first expires and is compacted into a tombstone the tombstone wins): expiring writes get unique timestamps;
 *   <li>a late or tied write that an already purgeable deletion would shadow (gc_grace_seconds passed; once purged
 *       the late write resurfaces): such writes get a fresh timestamp instead.
 * </ul>
 *
 * <p>Thread safety: confined to the test thread.
 */
final class OperationGenerator {

    private enum WriteKind { INSERT, UPDATE, DELETE_CELLS, DELETE_ROW, DELETE_PARTITION, BULK_INSERT }

    /** The timestamp chosen for one write and how ("fresh", "late", "tie", ...), for the history. */
    private record Timestamp(long micros, String how) {
    }

    private final SplittableRandom random;
    private final List<ModelTable> tables;
    private final StorageModel model;
    private final ManualClock clock;
    private final List<Long> recentTimestamps = new ArrayList<>();
    private final Set<Long> usedTimestamps = new HashSet<>();
    private long lastFreshMicros;

    OperationGenerator(long seed, List<ModelTable> tables, StorageModel model, ManualClock clock) {
        this.random = new SplittableRandom(seed);
        this.tables = tables;
        this.model = model;
        this.clock = clock;
    }

    ModelOperation next() {
        int roll = random.nextInt(100);
        if (roll < 59) {
            return write(roll == 0 ? WriteKind.BULK_INSERT : roll < 28 ? WriteKind.INSERT : roll < 46 ? WriteKind.UPDATE
                    : roll < 52 ? WriteKind.DELETE_CELLS : roll < 57 ? WriteKind.DELETE_ROW
                    : WriteKind.DELETE_PARTITION);
        }
        if (roll < 71) {
            return new ModelOperation.AdvanceClock(advanceSeconds());
        }
        if (roll < 75) {
            return new ModelOperation.Flush();
        }
        if (roll < 77) {
            return majorCompaction();
        }
        if (roll < 80) {
            return new ModelOperation.SettleCompactions();
        }
        if (roll < 83) {
            return new ModelOperation.Sweep();
        }
        if (roll < 85) {
            return new ModelOperation.Restart(roll == 84, random.nextLong());
        }
        return new ModelOperation.Check(random.nextLong());
    }

    /** Seconds to advance: often exactly to the next expiry (or the second before it), else 1 s to 90 min. */
    private long advanceSeconds() {
        int roll = random.nextInt(100);
        long untilExpiry = model.nextExpirySeconds(clock.nowSeconds()) - clock.nowSeconds();
        if (roll < 25 && untilExpiry < 6_000) {
            return untilExpiry > 1 && random.nextBoolean() ? untilExpiry - 1 : untilExpiry;
        }
        return roll < 60 ? random.nextLong(1, 31) : roll < 88 ? random.nextLong(31, 601)
                : random.nextLong(601, 5_401);
    }

    private ModelOperation majorCompaction() {
        ModelTable table = pick(tables);
        if (table.timeWindow() && random.nextBoolean() && !recentTimestamps.isEmpty()) {
            return new ModelOperation.MajorCompaction(table, OptionalLong.of(pick(recentTimestamps)));
        }
        return new ModelOperation.MajorCompaction(table, OptionalLong.empty());
    }

    private ModelOperation write(WriteKind kind) {
        ModelTable table = kind == WriteKind.BULK_INSERT ? timeWindowTable() : pick(tables);
        DecoratedKey key = pick(table.keys());
        long nowSeconds = clock.nowSeconds();
        int ttlSeconds = 0;
        String ttlText = "";
        if (kind == WriteKind.INSERT || kind == WriteKind.UPDATE || kind == WriteKind.BULK_INSERT) {
            int roll = random.nextInt(100);
            if (roll < 30) {
                ttlSeconds = roll < 15 ? random.nextInt(1, 61) : random.nextInt(61, 601);
                ttlText = " USING TTL " + ttlSeconds;
            } else if (table.defaultTtlSeconds() > 0 && roll < 50) {
                ttlText = " USING TTL 0";
            } else {
                ttlSeconds = table.defaultTtlSeconds();
                ttlText = ttlSeconds > 0 ? " (default TTL " + ttlSeconds + ")" : "";
            }
        }
        List<Clustering> clusterings = kind == WriteKind.DELETE_PARTITION ? List.of()
                : kind == WriteKind.BULK_INSERT ? wideClusterings(table, random.nextInt(400, 1201))
                : distinctClusterings(table, kind == WriteKind.INSERT || kind == WriteKind.UPDATE ? rowCount() : 1);
        Timestamp timestamp = timestamp(table, key, clusterings, ttlSeconds > 0);
        long micros = timestamp.micros();
        Mutation mutation;
        if (kind == WriteKind.DELETE_PARTITION) {
            mutation = ModelMutations.partitionDeletion(table, key, new DeletionTime(micros, nowSeconds));
        } else {
            List<Row> rows = new ArrayList<>();
            for (Clustering clustering : clusterings) {
                rows.add(row(kind, table, clustering, micros, ttlSeconds, nowSeconds));
            }
            if (kind == WriteKind.BULK_INSERT) {
                return bulk(table, key, rows, ttlText + " USING TIMESTAMP " + micros + " (" + timestamp.how() + ")");
            }
            mutation = ModelMutations.rows(table, key, rows);
        }
        remember(micros);
        return new ModelOperation.Write(kind + ttlText + " USING TIMESTAMP " + micros + " (" + timestamp.how()
                + ") " + ModelMutations.describe(table, mutation), List.of(mutation), random.nextInt(4) == 0);
    }

    /** Many rows of one partition in one {@code engine.write}, 40 rows per mutation (under the mutation size cap). */
    private ModelOperation bulk(ModelTable table, DecoratedKey key, List<Row> rows, String how) {
        List<Mutation> mutations = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 40) {
            mutations.add(ModelMutations.rows(table, key, rows.subList(from, Math.min(rows.size(), from + 40))));
        }
        remember(rows.get(0).marker().timestampMicros());
        return new ModelOperation.Write(WriteKind.BULK_INSERT + how + " " + table + " " + table.describeKey(key)
                + " " + rows.size() + " rows in " + mutations.size() + " mutations, random values (replay the seed"
                + " to see them)", mutations, false);
    }

    private ModelTable timeWindowTable() {
        return tables.stream().filter(ModelTable::timeWindow).findFirst().orElseThrow();
    }

    private List<Clustering> wideClusterings(ModelTable table, int count) {
        java.util.Set<Clustering> chosen = new java.util.LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(table.wideClustering(random));
        }
        return List.copyOf(chosen);
    }

    private int rowCount() {
        int roll = random.nextInt(100);
        return roll < 75 ? 1 : roll < 92 ? 2 : 3;
    }

    private List<Clustering> distinctClusterings(ModelTable table, int count) {
        List<Clustering> chosen = new ArrayList<>();
        while (chosen.size() < count) {
            Clustering clustering = pick(table.clusterings());
            if (!chosen.contains(clustering)) {
                chosen.add(clustering);
            }
        }
        return chosen;
    }

    private Row row(WriteKind kind, ModelTable table, Clustering clustering, long micros, int ttlSeconds,
                    long nowSeconds) {
        Cell[] cells = new Cell[table.regularColumns()];
        switch (kind) {
            case INSERT -> {
                for (int i = 0; i < cells.length; i++) {
                    int roll = random.nextInt(100);
                    cells[i] = roll < 65 ? Cell.live(micros, ttlSeconds, nowSeconds, table.randomValue(i, random))
                            : roll < 75 ? Cell.tombstone(micros, nowSeconds) : null;
                }
                return new Row(clustering, Cell.live(micros, ttlSeconds, nowSeconds, Row.MARKER_VALUE), null, cells);
            }
            case BULK_INSERT -> {
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = Cell.live(micros, ttlSeconds, nowSeconds, table.bulkValue(i, random));
                }
                return new Row(clustering, Cell.live(micros, ttlSeconds, nowSeconds, Row.MARKER_VALUE), null, cells);
            }
            case UPDATE -> {
                int forced = random.nextInt(cells.length);
                for (int i = 0; i < cells.length; i++) {
                    int roll = i == forced ? random.nextInt(80) : random.nextInt(100);
                    cells[i] = roll < 60 ? Cell.live(micros, ttlSeconds, nowSeconds, table.randomValue(i, random))
                            : roll < 80 ? Cell.tombstone(micros, nowSeconds) : null;
                }
                return new Row(clustering, null, null, cells);
            }
            case DELETE_CELLS -> {
                cells[random.nextInt(cells.length)] = Cell.tombstone(micros, nowSeconds);
                cells[random.nextInt(cells.length)] = Cell.tombstone(micros, nowSeconds);
                return new Row(clustering, null, null, cells);
            }
            case DELETE_ROW -> {
                return new Row(clustering, null, new DeletionTime(micros, nowSeconds), cells);
            }
            default -> throw new IllegalStateException("not a row write: " + kind);
        }
    }

    /**
     * Fresh (later than every earlier write), late (up to two hours before now, as {@code USING TIMESTAMP} with an
     * old value: late data for TWCS) or tied with data already in the rows written (else in the partition, else
     * anywhere), so the tie-break rules decide. Expiring writes never reuse a timestamp; late and tied writes fall
     * back to fresh when a purgeable deletion of the partition could shadow them.
     */
    private Timestamp timestamp(ModelTable table, DecoratedKey key, List<Clustering> clusterings, boolean expiring) {
        int roll = random.nextInt(100);
        long candidate;
        String how;
        if (roll < 15) {
            candidate = clock.nowMicros() - random.nextLong(1_000_000L, 7_200_000_000L);
            how = "late";
        } else if (roll < 35 && !expiring && !recentTimestamps.isEmpty()) {
            List<Long> existing = model.timestamps(table, key, clusterings);
            if (existing.isEmpty()) {
                existing = model.timestamps(table, key, List.of());
            }
            candidate = existing.isEmpty() ? pick(recentTimestamps) : pick(existing);
            how = "tie";
        } else {
            return fresh("fresh");
        }
        if (expiring && usedTimestamps.contains(candidate)) {
            return fresh("fresh: expiring writes never share a timestamp");
        }
        if (model.mayHavePurgedShadowAtOrAfter(table, key, candidate, clock.nowSeconds())) {
            return fresh("fresh: a " + how + " write could meet purged tombstones");
        }
        return new Timestamp(candidate, how);
    }

    private Timestamp fresh(String how) {
        lastFreshMicros = Math.max(lastFreshMicros + 1, clock.nowMicros());
        return new Timestamp(lastFreshMicros, how);
    }

    private void remember(long micros) {
        if (usedTimestamps.add(micros)) {
            recentTimestamps.add(micros);
            if (recentTimestamps.size() > 64) {
                recentTimestamps.remove(0);
            }
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
