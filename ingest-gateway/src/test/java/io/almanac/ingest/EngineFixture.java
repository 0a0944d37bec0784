package io.almanac.ingest;

import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.Row;
import io.almanac.storage.engine.CommitLogSync;
import io.almanac.storage.engine.ShardedStorageEngine;
import io.almanac.storage.engine.StorageConfig;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.read.ReadCommand;
import io.almanac.storage.read.Slice;
import io.almanac.storage.schema.KeyspaceMetadata;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real storage engine ({@link ShardedStorageEngine}) in a temporary directory, with keyspace {@code iot} and
 * tables {@code readings} ({@link TestTables#readings}) and {@code every_type} ({@link TestTables#everyType}), on a
 * manual clock.
 */
public final class EngineFixture implements AutoCloseable {

    public static final String KEYSPACE = "iot";
    /** 2026-11-21T05:00:00Z, microseconds. */
    public static final long START_MICROS = 1_795_237_200_000_000L;

    public final ManualClock clock = new ManualClock(START_MICROS);
    public final StorageEngine engine;
    public final TableMetadata readings = TestTables.readings(KEYSPACE, 0);
    public final TableMetadata everyType = TestTables.everyType(KEYSPACE);

    private EngineFixture(Path dataDirectory, int shards, int ringBufferBytes) {
        StorageConfig config = new StorageConfig(dataDirectory, shards, ringBufferBytes, 64L << 20,
                CommitLogSync.PERIODIC, 10_000, 0);
        this.engine = ShardedStorageEngine.open(config, clock, List.of(new NeverCompactingStrategyProvider(),
                new NeverCompactingStrategyProvider("TimeWindowCompactionStrategy")));
        engine.createKeyspace(new KeyspaceMetadata(KEYSPACE, Map.of("class", "SimpleStrategy",
                "replication_factor", "1"), true, Map.of()), false);
        engine.createTable(readings, false);
        engine.createTable(everyType, false);
    }

    /** An engine with 2 shards and 64 KiB ring buffers. */
    /**
     * @param logLines where the gateway's rejection log writes (a list to assert on, or {@code line -> { }})
     * @return a gateway on this engine with fresh metrics
     */
    public IngestGateway gateway(java.util.function.Consumer<String> logLines) {
        return new IngestGateway(engine, clock, new IngestMetrics(), new RejectionLog(clock, 60_000, logLines));
    }

    /** @return a gateway on this engine with fresh metrics, checking writers with {@code authenticator} */
    public IngestGateway gateway(java.util.function.Consumer<String> logLines,
                                 io.almanac.ingest.auth.IngestAuthenticator authenticator) {
        return new IngestGateway(engine, clock, new IngestMetrics(), new RejectionLog(clock, 60_000, logLines),
                authenticator);
    }

    public static EngineFixture open(Path dataDirectory) {
        return new EngineFixture(dataDirectory, 2, 1 << 16);
    }

    /** An engine with one shard whose ring buffer holds {@code ringBufferBytes}: writes back-pressure easily. */
    public static EngineFixture openWithRingBuffer(Path dataDirectory, int ringBufferBytes) {
        return new EngineFixture(dataDirectory, 1, ringBufferBytes);
    }

    /** @return the live rows of {@code readings} for {@code device}, newest first, as seen now */
    public List<Row> readings(String device) {
        return read(readings, device.getBytes(StandardCharsets.UTF_8), clock.nowSeconds());
    }

    /** @return the live rows of one partition as seen at {@code nowSeconds} */
    public List<Row> read(TableMetadata table, byte[] partitionKey, long nowSeconds) {
        return engine.read(new ReadCommand(table, DecoratedKey.of(partitionKey), Slice.ALL, false, 10_000,
                nowSeconds));
    }

    @Override
    public void close() {
        engine.close();
    }
}
