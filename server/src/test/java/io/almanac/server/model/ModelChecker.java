package io.almanac.server.model;

import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.read.Bound;
import io.almanac.storage.read.PartitionRows;
import io.almanac.storage.read.RangeReadCommand;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares what the engine reads with what the model says, at the clock's "now": every partition's full read, random
 * clustering slices (forward and reversed, with limits), a full range scan, a random token range with per-partition
 * and row limits, and a paged range scan. Rows are compared whole: clustering, live marker and live cells with
 * their timestamps, TTLs and expiry seconds.
 *
 * <p>Thread safety: confined to the test thread.
 */
final class ModelChecker {

    private final EngineUnderTest engine;
    private final StorageModel model;
    private final List<ModelTable> tables;

    ModelChecker(EngineUnderTest engine, StorageModel model, List<ModelTable> tables) {
        this.engine = engine;
        this.model = model;
        this.tables = tables;
    }

    /** @throws AssertionError naming the read, the expected and the actual rows, and the model's partition */
    void check(long seed, long nowSeconds) {
        SplittableRandom random = new SplittableRandom(seed);
        for (ModelTable table : tables) {
            for (DecoratedKey key : table.keys()) {
                checkRead(table, key, Slice.ALL, false, Integer.MAX_VALUE, nowSeconds);
            }
            for (int i = 0; i < 4; i++) {
                int limit = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(1, 6);
                checkRead(table, pick(table.keys(), random), randomSlice(table, random), random.nextBoolean(), limit,
                        nowSeconds);
            }
            checkRange(table, RangeReadCommand.all(table.metadata(), Integer.MAX_VALUE, nowSeconds));
            checkRange(table, randomRange(table, random, nowSeconds));
            int rows = model.readRange(table, Long.MIN_VALUE, Long.MAX_VALUE, Slice.ALL, Integer.MAX_VALUE,
                    Integer.MAX_VALUE, nowSeconds).size();
            checkPagedScan(table, randomSlice(table, random), random.nextInt(1, 6) * Math.max(1, rows / 40),
                    nowSeconds);
        }
        engine.checkNoErrors();
    }

    private void checkRead(ModelTable table, DecoratedKey key, Slice slice, boolean reversed, int limit,
                           long nowSeconds) {
        List<Row> actual = engine.engine().read(new ReadCommand(table.metadata(), key, slice, reversed, limit,
                nowSeconds));
        List<Row> expected = model.read(table, key, slice, reversed, limit, nowSeconds);
        if (!render(table, actual).equals(render(table, expected))) {
            throw new AssertionError("read of " + table + " " + table.describeKey(key) + " slice "
                    + describe(table, slice) + (reversed ? " reversed" : "") + " limit " + limit + " at " + nowSeconds
                    + "\n  expected " + render(table, expected) + "\n  actual   " + render(table, actual)
                    + "\n  model partition: " + model.describe(table, key));
        }
    }

    private void checkRange(ModelTable table, RangeReadCommand command) {
        List<String> actual = renderPartitions(table, engine.engine().readRange(command));
        List<String> expected = renderKeyed(table, model.readRange(table, command.minTokenInclusive(),
                command.maxTokenInclusive(), command.slice(), command.rowLimit(), command.perPartitionLimit(),
                command.nowSeconds()));
        if (!actual.equals(expected)) {
            throw new AssertionError("range read of " + table + " tokens [" + command.minTokenInclusive() + ", "
                    + command.maxTokenInclusive() + "] slice " + describe(table, command.slice()) + " rowLimit "
                    + command.rowLimit() + " perPartitionLimit " + command.perPartitionLimit() + " at "
                    + command.nowSeconds() + "\n  expected " + expected + "\n  actual   " + actual);
        }
    }

    /** Reads the whole ring page by page (resuming after the last row) and compares the concatenation. */
    private void checkPagedScan(ModelTable table, Slice slice, int pageSize, long nowSeconds) {
        RangeReadCommand command = new RangeReadCommand(table.metadata(), Long.MIN_VALUE, Long.MAX_VALUE, null, null,
                slice, pageSize, Integer.MAX_VALUE, nowSeconds);
        List<String> actual = new ArrayList<>();
        for (int page = 0; page < 500; page++) {
            List<PartitionRows> rows = engine.engine().readRange(command);
            actual.addAll(renderPartitions(table, rows));
            int count = rows.stream().mapToInt(p -> p.rows().size()).sum();
            if (count < pageSize) {
                break;
            }
            PartitionRows last = rows.get(rows.size() - 1);
            command = command.after(last.key(), last.rows().get(last.rows().size() - 1).clustering());
        }
        List<String> expected = renderKeyed(table, model.readRange(table, Long.MIN_VALUE, Long.MAX_VALUE, slice,
                Integer.MAX_VALUE, Integer.MAX_VALUE, nowSeconds));
        if (!actual.equals(expected)) {
            throw new AssertionError("paged range read of " + table + " slice " + describe(table, slice)
                    + " page size " + pageSize + " at " + nowSeconds + "\n  expected " + expected
                    + "\n  actual   " + actual);
        }
    }

    private RangeReadCommand randomRange(ModelTable table, SplittableRandom random, long nowSeconds) {
        long first = random.nextInt(4) == 0 ? Long.MIN_VALUE : pick(table.keys(), random).token();
        long second = random.nextInt(4) == 0 ? Long.MAX_VALUE : pick(table.keys(), random).token();
        long min = random.nextInt(8) == 0 ? Math.max(first, second) : Math.min(first, second);
        long max = min == Math.min(first, second) ? Math.max(first, second) : Math.min(first, second);
        int rowLimit = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(1, 20);
        int perPartitionLimit = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(1, 5);
        return new RangeReadCommand(table.metadata(), min, max, null, null, randomSlice(table, random), rowLimit,
                perPartitionLimit, nowSeconds);
    }

    /** A slice between two random clustering prefixes (of any length), mostly in order, sometimes inverted. */
    private static Slice randomSlice(ModelTable table, SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            return Slice.ALL;
        }
        Bound first = randomBound(table, random);
        Bound second = randomBound(table, random);
        if (random.nextInt(8) != 0 && !first.isUnbounded() && !second.isUnbounded()
                && comparePrefixes(table, first.prefix(), second.prefix()) > 0) {
            return new Slice(second, first);
        }
        return new Slice(first, second);
    }

    private static Bound randomBound(ModelTable table, SplittableRandom random) {
        return new Bound(table.randomPrefix(random), random.nextBoolean());
    }

    private static int comparePrefixes(ModelTable table, Clustering left, Clustering right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int c = table.compareComponent(i, left.get(i), right.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<String> render(ModelTable table, List<Row> rows) {
        List<String> text = new ArrayList<>();
        for (Row row : rows) {
            text.add(ModelMutations.describe(table, row));
        }
        return text;
    }

    private static List<String> renderPartitions(ModelTable table, List<PartitionRows> partitions) {
        List<String> text = new ArrayList<>();
        for (PartitionRows partition : partitions) {
            for (Row row : partition.rows()) {
                text.add(table.describeKey(partition.key()) + " " + ModelMutations.describe(table, row));
            }
        }
        return text;
    }

    private static List<String> renderKeyed(ModelTable table, List<StorageModel.KeyedRow> rows) {
        List<String> text = new ArrayList<>();
        for (StorageModel.KeyedRow row : rows) {
            text.add(table.describeKey(row.key()) + " " + ModelMutations.describe(table, row.row()));
        }
        return text;
    }

    private static String describe(ModelTable table, Slice slice) {
        return describe(table, slice.start(), "[", "(") + ".." + describe(table, slice.end(), "]", ")");
    }

    private static String describe(ModelTable table, Bound bound, String inclusive, String exclusive) {
        String mark = bound.inclusive() ? inclusive : exclusive;
        return bound.isUnbounded() ? "*" : (mark.equals("[") || mark.equals("(") ? mark : "")
                + table.describe(bound.prefix()) + (mark.equals("]") || mark.equals(")") ? mark : "");
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
