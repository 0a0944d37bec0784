package io.almanac.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.compaction.SSTableInfo;
import io.almanac.storage.io.FaultInjectingStorageFiles.Kind;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.sstable.SSTableDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests through the file-system seam (issue 4): for each step k of a flush, a compaction, a TRUNCATE, a DROP,
 * a schema change and the first flush after commit-log replay, the k-th file operation fails (the process goes on,
 * then dies) or power is lost right there (unsynced bytes and directory entries vanish, optionally as garbage); then
 * the directory is reopened on the real file system. Every run must start, leave no temp file, obsolete log or
 * TOC-less generation, keep every acknowledged write with its value and resurrect nothing deleted.
 *
 * <p>Seeded: {@code -Dalmanac.crash.seed=N} repeats a run; {@code -Dalmanac.crash.samples=N} sets how many steps
 * are tried per power-loss mode (-1: every step; injected failures always try every step).
 */
class CrashRecoveryTest {

    private static final long SEED = Long.getLong("almanac.crash.seed", 0x414C4D41L);
    private static final int SAMPLES = Integer.getInteger("almanac.crash.samples", 6);

    @TempDir
    Path root;

    private enum Fault { FAIL, POWER_LOSS, POWER_LOSS_GARBAGE }

    /** What is checked after the reopen; {@code acknowledged}: the action reported success before the fault. */
    private interface Check {
        void check(CrashHarness harness, boolean acknowledged, String context) throws IOException;
    }

    @Test
    void flush() throws IOException {
        runAtEveryStep("flush", CrashHarness::writeDataSet, h -> h.await(h.engine.flush()),
                (h, acknowledged, context) -> h.assertModel(context));
    }

    @Test
    void compactionThatPurgesTombstonesWithTheDataTheyShadow() throws IOException {
        runAtEveryStep("compaction", CrashHarness::writeDataSet, CrashRecoveryTest::compactAll,
                (h, acknowledged, context) -> h.assertModel(context));
    }

    @Test
    void truncate() throws IOException {
        runAtEveryStep("truncate", CrashHarness::writeDataSet, h -> h.await(h.engine.truncate(h.table)),
                (h, acknowledged, context) -> {
                    if (acknowledged) {
                        h.expected.values().forEach(Map::clear);
                        h.assertModel(context + ": truncated");
                    } else {
                        h.assertSubsetOfModel(context);
                    }
                });
    }

    @Test
    void dropTable() throws IOException {
        runAtEveryStep("drop", CrashHarness::writeDataSet, h -> call(() -> h.engine.dropTable("ks", "readings", false)),
                (h, acknowledged, context) -> {
                    TableMetadata found = h.engine.schema().table("ks", "readings");
                    Path tableDirectory = SSTableDescriptor.tableDirectory(h.directory, "ks", "readings",
                            h.table.id());
                    if (acknowledged || found == null) {
                        assertThat(found).as(context).isNull();
                        assertThat(tableDirectory).as(context + ": dropped table's files").doesNotExist();
                    } else {
                        h.assertModel(context);
                    }
                });
    }

    @Test
    void schemaChange() throws IOException {
        TableMetadata other = new TableMetadata("ks", "other", UUID.fromString("5a1f0e3c-0000-4000-8000-0000000000aa"),
                List.of(new ColumnMetadata("k", NativeType.TEXT, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE),
                        new ColumnMetadata("v", NativeType.INT, ColumnKind.REGULAR, -1, ClusteringOrder.NONE)),
                TableParams.DEFAULT);
        runAtEveryStep("create-table", CrashHarness::writeDataSet, h -> call(() -> h.engine.createTable(other, false)),
                (h, acknowledged, context) -> {
                    if (acknowledged) {
                        assertThat(h.engine.schema().table("ks", "other")).as(context).isEqualTo(other);
                    }
                    assertThat(h.engine.schema().table("ks", "readings")).as(context).isEqualTo(h.table);
                    h.assertModel(context);
                });
    }

    @Test
    void firstFlushAfterReplay() throws IOException {
        Consumer<CrashHarness> replayed = h -> {
            h.writeDataSet();
            h.halt();
            h.openWithFaults();
            assertThat(h.engine.replayedMutations()).as("memtable C comes back from the commit log").isPositive();
        };
        runAtEveryStep("replay", replayed, h -> h.await(h.engine.flush()),
                (h, acknowledged, context) -> h.assertModel(context), true);
    }

    @Test
    void startupAfterAProcessCrash() throws IOException {
        Consumer<CrashHarness> crashed = h -> {
            h.writeDataSet();
            h.halt();
        };
        runAtEveryStep("startup", crashed, h -> {
            try {
                h.openWithFaults();
            } catch (RuntimeException e) {
                return e;
            }
            return h.await(h.engine.flush());
        }, (h, acknowledged, context) -> h.assertModel(context), true);
    }

    private static Throwable compactAll(CrashHarness harness) {
        return harness.await(harness.engine.compact(harness.table, OptionalLong.empty()));
    }

    private static Throwable call(Runnable ddl) {
        try {
            ddl.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void runAtEveryStep(String name, Consumer<CrashHarness> prepare, Function<CrashHarness, Throwable> action,
                                Check check) throws IOException {
        runAtEveryStep(name, prepare, action, check, false);
    }

    /** @param restartTwice also restart a second time and check again (recovery itself must be repeatable) */
    private void runAtEveryStep(String name, Consumer<CrashHarness> prepare, Function<CrashHarness, Throwable> action,
                                Check check, boolean restartTwice) throws IOException {
        int steps = dryRun(name, prepare, action, check);
        Random random = new Random(SEED ^ name.hashCode());
        for (Fault fault : Fault.values()) {
            for (int step : stepsToTry(steps, fault, random)) {
                String context = name + ", " + fault + " at step " + step + " of " + steps + " (seed " + SEED + ")";
                try (CrashHarness run = new CrashHarness(root.resolve(name + "-" + fault + "-" + step), SEED + step)) {
                    prepare.accept(run);
                    run.faults.reset();
                    if (fault == Fault.FAIL) {
                        run.faults.failAt(Kind.ANY, step);
                    } else {
                        run.faults.crashAt(step, fault == Fault.POWER_LOSS_GARBAGE);
                    }
                    Throwable failure = action.apply(run);
                    String detail = context + "; operations " + run.faults.log();
                    run.reopen();
                    run.assertNoLeftovers(detail);
                    check.check(run, failure == null, detail);
                    if (restartTwice) {
                        run.reopen();
                        check.check(run, failure == null, detail + "; second restart");
                    }
                }
            }
        }
    }

    /** Runs the action without faults, checks the result survives a restart; @return its file operations */
    private int dryRun(String name, Consumer<CrashHarness> prepare, Function<CrashHarness, Throwable> action,
                       Check check) throws IOException {
        try (CrashHarness dry = new CrashHarness(root.resolve(name + "-dry"), SEED)) {
            prepare.accept(dry);
            dry.faults.reset();
            assertThat(action.apply(dry)).as(name + " without faults").isNull();
            int steps = dry.faults.count(Kind.ANY);
            if (name.equals("compaction")) {
                List<SSTableInfo> live = dry.engine.sstables(dry.table);
                assertThat(live).as("A and B merged into one SSTable").hasSize(1);
                assertThat(live.get(0).tombstoneCount()).as("the tombstones were purged").isZero();
            }
            dry.reopen();
            dry.assertNoLeftovers(name + " without faults");
            check.check(dry, true, name + " without faults");
            assertThat(steps).as(name + " does file operations").isPositive();
            return steps;
        }
    }

    private static List<Integer> stepsToTry(int steps, Fault fault, Random random) {
        if (fault == Fault.FAIL || SAMPLES < 0 || steps <= SAMPLES) {
            List<Integer> all = new ArrayList<>();
            for (int k = 1; k <= steps; k++) {
                all.add(k);
            }
            return all;
        }
        TreeSet<Integer> chosen = new TreeSet<>(List.of(1, steps));
        while (chosen.size() < SAMPLES) {
            chosen.add(1 + random.nextInt(steps));
        }
        return new ArrayList<>(chosen);
    }
}
