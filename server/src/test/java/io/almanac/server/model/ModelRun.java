package io.almanac.server.model;

import io.almanac.storage.time.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One seeded run: the real engine and the model receive the same random operations; reads are compared at every
 * {@code CHECK}, after every restart and at the end. A failure is rethrown with the seed, how to replay it and the
 * whole operation history (no shrinking: the history makes the run reproducible and readable).
 *
 * <p>Thread safety: confined to the test thread.
 */
final class ModelRun {

    /** 2025-11-21T04:40:00Z, microseconds. */
    static final long START_MICROS = 1_763_700_000_000_000L;

    private ModelRun() {
    }

    /**
     * @param seed       chooses every operation
     * @param operations how many operations to generate
     * @param directory  an empty directory for the engine's files
     * @throws AssertionError with the seed and history when the engine and the model disagree or the engine fails
     */
    static void run(long seed, int operations, Path directory) {
        ManualClock clock = new ManualClock(START_MICROS);
        List<ModelTable> tables = List.of(ModelTable.events(), ModelTable.readings());
        StorageModel model = new StorageModel(tables);
        List<String> history = new ArrayList<>();
        try (EngineUnderTest engine = new EngineUnderTest(directory, clock, tables)) {
            ModelChecker checker = new ModelChecker(engine, model, tables);
            ModelOperation.Target target = new ModelOperation.Target(engine, model, clock, checker);
            OperationGenerator generator = new OperationGenerator(seed, tables, model, clock);
            for (int i = 0; i < operations; i++) {
                ModelOperation operation = generator.next();
                history.add(String.format("%4d  now=%d  %s", i, clock.nowSeconds(), operation));
                operation.apply(target);
            }
            history.add("      now=" + clock.nowSeconds() + "  FINAL FLUSH + MAJOR COMPACTIONS + CHECK");
            checker.check(seed, clock.nowSeconds());
            engine.flush();
            for (ModelTable table : tables) {
                engine.compact(table.metadata(), java.util.OptionalLong.empty());
            }
            checker.check(~seed, clock.nowSeconds());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(failureReport(seed, operations, history, e), e);
        }
    }

    private static String failureReport(long seed, int operations, List<String> history, Throwable failure) {
        StringBuilder text = new StringBuilder("model run failed: seed ").append(seed).append(", ")
                .append(operations).append(" operations; replay with -Dalmanac.model.seed=").append(seed)
                .append("\n").append(failure).append("\noperation history (the last one failed):\n");
        for (String line : history) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
