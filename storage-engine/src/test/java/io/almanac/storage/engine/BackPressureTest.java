package io.almanac.storage.engine;

import static io.almanac.storage.engine.EngineFixture.START_MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.storage.codec.TableLayout;
import io.almanac.storage.commitlog.CommitLog;
import io.almanac.storage.io.RealStorageFiles;
import io.almanac.storage.memtable.Memtable;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import io.almanac.storage.time.ManualClock;
import io.almanac.storage.write.WriteCallback;
import io.almanac.storage.write.WriteResult;
import io.almanac.storage.write.WriteShard;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackPressureTest {

    @TempDir
    Path directory;

    @Test
    void aFullRingAnswersBackPressuredWithoutBlocking() {
        TableMetadata table = EngineFixture.readings(TableParams.DEFAULT);
        byte[][] names = TableLayout.of(table).columnNames();
        try (CommitLog commitLog = new CommitLog(RealStorageFiles.instance(), directory, 0,
                new ManualClock(START_MICROS))) {
            WriteShard shard = new WriteShard(0, 4096, commitLog, new Memtable());
            int accepted = 0;
            WriteResult result;
            while ((result = shard.offer(EngineFixture.insert(table, "d", accepted, 1, START_MICROS), names,
                    new NoopCallback())) == WriteResult.ACCEPTED) {
                accepted++;
            }
            assertThat(result).isEqualTo(WriteResult.BACK_PRESSURED);
            assertThat(accepted).isBetween(10, 4096 / 60);
            assertThat(shard.pendingRingBytes()).isGreaterThan(4096 - 200);
        }
    }

    @Test
    void writeOfABatchFailsWithOverloadedWhenAShardIsFull() throws Exception {
        StorageConfig config = new StorageConfig(directory, 1, 4096, 1L << 24, CommitLogSync.PERIODIC, 10_000, 0);
        try (ShardedStorageEngine engine = EngineFixture.open(config, new ManualClock(START_MICROS))) {
            TableMetadata table = EngineFixture.createReadings(engine);
            java.util.List<io.almanac.storage.data.Mutation> many = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                many.add(EngineFixture.insert(table, "d", i, i, START_MICROS));
            }
            CompletableFuture<Void> future = engine.write(many);
            assertThat(future).failsWithin(java.time.Duration.ofSeconds(30))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(io.almanac.storage.write.OverloadedException.class);
        }
    }

    private static final class NoopCallback implements WriteCallback {
        @Override
        public void onCommitted() {
        }

        @Override
        public void onFailed(Throwable cause) {
        }
    }
}
