package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write entry: {@code write} completes one future per request from one counting callback, with the outcomes the
 * per-mutation futures gave; {@code offer} validates and {@code offerTrusted} skips only the validator.
 */
class WriteEntryTest {

    @TempDir
    Path directory;

    @Test
    void aRequestAcrossShardsCompletesOnceEveryMutationIsCommitted() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock())) {
            TableMetadata table = EngineFixture.createReadings(engine);
            List<Mutation> mutations = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                mutations.add(EngineFixture.insert(table, "d" + (i % 17), i, i, START_MICROS));
            }

            EngineFixture.join(engine.write(mutations));

            int rows = 0;
            for (int device = 0; device < 17; device++) {
                rows += EngineFixture.readAll(engine, table, "d" + device, START_MICROS / 1_000_000).size();
            }
            assertThat(rows).isEqualTo(300);
            assertThat(engine.write(List.of())).isCompleted();
        }
    }

    @Test
    void anInvalidMutationStopsTheRequestAndFailsItAfterTheAcceptedOnesCommitted() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock())) {
            TableMetadata table = EngineFixture.createReadings(engine);
            Mutation emptyKey = Mutation.of(table, DecoratedKey.of(new byte[0]), List.of(row(1)));
            List<Mutation> mutations = List.of(EngineFixture.insert(table, "a", 1, 1, START_MICROS),
                    EngineFixture.insert(table, "b", 2, 2, START_MICROS), emptyKey,
                    EngineFixture.insert(table, "c", 3, 3, START_MICROS));

            CompletableFuture<Void> written = engine.write(mutations);

            assertThat(written).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(InvalidRequestException.class).withMessage("Key may not be empty");
            long nowSeconds = START_MICROS / 1_000_000;
            assertThat(EngineFixture.readAll(engine, table, "a", nowSeconds)).hasSize(1);
            assertThat(EngineFixture.readAll(engine, table, "b", nowSeconds)).hasSize(1);
            assertThat(EngineFixture.readAll(engine, table, "c", nowSeconds)).as("never offered").isEmpty();
        }
    }

    @Test
    void offerValidatesWhileOfferTrustedSkipsOnlyTheValidator() {
        try (ShardedStorageEngine engine = EngineFixture.open(EngineFixture.config(directory), clock())) {
            TableMetadata table = EngineFixture.createReadings(engine);
            Mutation tooManyClusteringValues = Mutation.of(table, EngineFixture.key("x"), List.of(new Row(
                    Clustering.of(new byte[8], new byte[8]), marker(), null, new Cell[2])));
            assertThatThrownBy(() -> engine.offer(tooManyClusteringValues, new Settled()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("2 clustering values");

            Settled settled = new Settled();
            assertThat(engine.offerTrusted(EngineFixture.insert(table, "t", 5, 5, START_MICROS), settled))
                    .isEqualTo(WriteResult.ACCEPTED);
            assertThat(settled.future).succeedsWithin(Duration.ofSeconds(30));
            assertThat(EngineFixture.readAll(engine, table, "t", START_MICROS / 1_000_000)).hasSize(1);

            engine.dropTable("ks", "readings", false);
            assertThatThrownBy(() -> engine.offerTrusted(EngineFixture.insert(table, "t", 6, 6, START_MICROS),
                    new Settled())).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("table readings does not exist");
        }
    }

    @Test
    void theBatchCallbackWaitsForEveryAcceptedMutationAndReportsRefusalBeforeFailure() {
        WriteBatchCallback clean = new WriteBatchCallback();
        clean.accepting();
        clean.accepting();
        clean.onCommitted();
        clean.offeringDone();
        assertThat(clean.future()).isNotDone();
        clean.onCommitted();
        assertThat(clean.future()).isCompleted();

        WriteBatchCallback failed = new WriteBatchCallback();
        failed.accepting();
        failed.accepting();
        failed.onFailed(new IOException("disk"));
        failed.offeringDone();
        assertThat(failed.future()).isNotDone();
        failed.onCommitted();
        assertThat(failed.future()).isCompletedExceptionally();
        assertThatThrownBy(failed.future()::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);

        WriteBatchCallback refused = new WriteBatchCallback();
        refused.accepting();
        refused.accepting();
        refused.notAccepted(new InvalidRequestException("refused"));
        refused.offeringDone();
        assertThat(refused.future()).isNotDone();
        refused.onFailed(new IOException("disk"));
        assertThatThrownBy(refused.future()::join).hasCauseInstanceOf(InvalidRequestException.class);
    }

    private static ManualClock clock() {
        return new ManualClock(START_MICROS);
    }

    private static Cell marker() {
        return Cell.live(START_MICROS, 0, START_MICROS / 1_000_000, Row.MARKER_VALUE);
    }

    private static Row row(long ts) {
        return new Row(EngineFixture.ts(ts), marker(), null, new Cell[2]);
    }

    /** Completes a future from the engine's callback. */
    private static final class Settled implements WriteCallback {
        final CompletableFuture<Void> future = new CompletableFuture<>();

        @Override
        public void onCommitted() {
            future.complete(null);
        }

        @Override
        public void onFailed(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }
}
