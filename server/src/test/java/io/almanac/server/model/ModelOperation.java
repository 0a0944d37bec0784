package io.almanac.server.model;

import io.almanac.storage.data.Mutation;
import io.almanac.storage.time.ManualClock;
import java.util.List;
import java.util.OptionalLong;

/**
 * One step of a model run, applied to the engine and (for writes and time) to the model. {@link #toString()} is the
 * line of the operation history printed when a run fails.
 *
 * <p>Thread safety: confined to the test thread.
 */
sealed interface ModelOperation {

    /** What an operation acts on. */
    record Target(EngineUnderTest engine, StorageModel model, ManualClock clock, ModelChecker checker) {
    }

    void apply(Target target);

    /**
     * Mutations written together in one {@code engine.write}, or one by one through {@code engine.offer} and its
     * callback; the model applies them once acknowledged.
     */
    record Write(String description, List<Mutation> mutations, boolean viaOffer) implements ModelOperation {
        @Override
        public void apply(Target target) {
            if (viaOffer) {
                mutations.forEach(target.engine()::offer);
            } else {
                target.engine().write(mutations);
            }
            mutations.forEach(target.model()::apply);
        }

        @Override
        public String toString() {
            return description + (viaOffer ? " [via offer]" : "");
        }
    }

    /** Time passes: TTLs run out, gc_grace_seconds pass, TWCS windows close. */
    record AdvanceClock(long seconds) implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.clock().advanceSeconds(seconds);
        }

        @Override
        public String toString() {
            return "ADVANCE CLOCK " + seconds + " s";
        }
    }

    /** Every shard's memtables to SSTables. */
    record Flush() implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.engine().flush();
        }

        @Override
        public String toString() {
            return "FLUSH";
        }
    }

    /** {@code nodetool compact}: the whole table, or (TWCS) the one window holding {@code windowTimestampMicros}. */
    record MajorCompaction(ModelTable table, OptionalLong windowTimestampMicros) implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.engine().compact(table.metadata(), windowTimestampMicros);
        }

        @Override
        public String toString() {
            return "MAJOR COMPACTION " + table + (windowTimestampMicros.isPresent()
                    ? " window of ts=" + windowTimestampMicros.getAsLong() : "");
        }
    }

    /** Background compaction rounds until the strategies want nothing more. */
    record SettleCompactions() implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.engine().settleCompactions();
        }

        @Override
        public String toString() {
            return "SETTLE BACKGROUND COMPACTIONS";
        }
    }

    /** The TTL sweeper drops fully expired SSTables of every table. */
    record Sweep() implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.engine().sweep();
        }

        @Override
        public String toString() {
            return "TTL SWEEP";
        }
    }

    /** A clean restart (close + open) or a crash ({@code halt()} + open); the store is checked right after. */
    record Restart(boolean crash, long checkSeed) implements ModelOperation {
        @Override
        public void apply(Target target) {
            if (crash) {
                target.engine().crash();
            } else {
                target.engine().restart();
            }
            target.checker().check(checkSeed, target.clock().nowSeconds());
        }

        @Override
        public String toString() {
            return (crash ? "CRASH (halt) + REOPEN" : "CLEAN RESTART (close + open)") + ", then CHECK (seed "
                    + checkSeed + ")";
        }
    }

    /** Compares reads of the engine with the model; {@code seed} chooses the slices, limits and pages. */
    record Check(long seed) implements ModelOperation {
        @Override
        public void apply(Target target) {
            target.checker().check(seed, target.clock().nowSeconds());
        }

        @Override
        public String toString() {
            return "CHECK (seed " + seed + ")";
        }
    }
}
