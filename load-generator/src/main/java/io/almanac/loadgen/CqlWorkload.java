package io.almanac.loadgen;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The IoT workload over CQL with the Apache Cassandra Java driver: creates the schema, prepares the statements and
 * turns the {@link WriteSchedule} and the {@link ReadRangeGenerator} into {@link PhaseRunner.Request}s.
 *
 * <p>Thread safety: the session and prepared statements are thread-safe; the request iterators are consumed by one
 * thread.
 */
public final class CqlWorkload implements AutoCloseable {

    /** Timeout of schema statements (DDL waits for schema agreement), seconds. */
    private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

    private final WorkloadConfig config;
    private final CqlSession session;
    private PreparedStatement insert;
    private PreparedStatement select;
    private PreparedStatement count;

    private CqlWorkload(WorkloadConfig config, CqlSession session) {
        this.config = config;
        this.session = session;
    }

    /**
     * Connects to the contact point.
     *
     * @throws com.datastax.oss.driver.api.core.AllNodesFailedException if no connection could be made
     */
    public static CqlWorkload connect(WorkloadConfig config) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(config.requestTimeoutMillis()))
                .build();
        CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(config.host(), config.port()))
                .withLocalDatacenter(config.datacenter())
                .withConfigLoader(loader)
                .build();
        return new CqlWorkload(config, session);
    }

    /** Drops the keyspace first when asked, then creates the keyspace and the table if they do not exist. */
    public void createSchema() {
        if (config.drop()) {
            executeSchema(IotSchema.dropKeyspace(config));
        }
        executeSchema(IotSchema.createKeyspace(config));
        executeSchema(IotSchema.createTable(config));
    }

    private void executeSchema(String cql) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_TIMEOUT));
    }

    /**
     * Prepares the INSERT and the range SELECT; call after {@link #createSchema()}.
     *
     * @throws com.datastax.oss.driver.api.core.DriverException if the server refuses to prepare them
     */
    public void prepare() {
        insert = session.prepare(IotSchema.insert(config));
        select = session.prepare(IotSchema.selectRange(config));
        count = session.prepare(IotSchema.selectPartition(config));
    }

    /** @return the write phase's requests: prepared INSERTs, one per row or one UNLOGGED batch per partition */
    public Iterator<PhaseRunner.Request> writeRequests() {
        PreparedStatement insert = requirePrepared(this.insert);
        WriteSchedule schedule = new WriteSchedule(config);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return schedule.hasNext();
            }

            @Override
            public PhaseRunner.Request next() {
                List<SensorRow> rows = schedule.next();
                Statement<?> statement = toStatement(insert, rows);
                long rowCount = rows.size();
                return PhaseRunner.Request.of(rowCount,
                        recorder -> session.executeAsync(statement).thenApply(result -> rowCount));
            }
        };
    }

    private static PreparedStatement requirePrepared(PreparedStatement statement) {
        if (statement == null) {
            throw new IllegalStateException("prepare() must be called before the phases");
        }
        return statement;
    }

    private static Statement<?> toStatement(PreparedStatement insert, List<SensorRow> rows) {
        if (rows.size() == 1) {
            return bind(insert, rows.get(0));
        }
        List<BatchableStatement<?>> statements = new ArrayList<>(rows.size());
        for (SensorRow row : rows) {
            statements.add(bind(insert, row));
        }
        return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, statements);
    }

    private static BatchableStatement<?> bind(PreparedStatement insert, SensorRow row) {
        return insert.bind(row.deviceId(), row.day(), row.ts(), row.metric(), row.value());
    }

    /** @return the read phase's requests: {@code reads} one-hour range queries, each counting all its pages' rows */
    public Iterator<PhaseRunner.Request> readRequests() {
        PreparedStatement select = requirePrepared(this.select);
        ReadRangeGenerator ranges = new ReadRangeGenerator(config.seed(), config.devices(),
                config.start().toEpochMilli(), config.lastSampleMillis());
        return new Iterator<>() {
            private long issued;

            @Override
            public boolean hasNext() {
                return issued < config.reads();
            }

            @Override
            public PhaseRunner.Request next() {
                issued++;
                ReadRangeGenerator.TimeRange range = ranges.next();
                Statement<?> statement = select.bind(range.deviceId(), range.day(), range.fromInclusive(),
                        range.toExclusive());
                return PhaseRunner.Request.of(1,
                        recorder -> session.executeAsync(statement).thenCompose(page -> countRows(page, 0)));
            }
        };
    }

    /**
     * The verification's queries: every partition {@code (device_id, day)} the write phase covered, read whole
     * ({@code SELECT ts, metric, value}, all pages); each adds its row count to {@code rowsByDevice[device]}.
     *
     * @param rowsByDevice the counts, one slot per device, added to as the queries complete
     */
    public Iterator<PhaseRunner.Request> countRequests(AtomicLongArray rowsByDevice) {
        PreparedStatement count = requirePrepared(this.count);
        LocalDate firstDay = LocalDate.ofInstant(config.start(), ZoneOffset.UTC);
        long days = ChronoUnit.DAYS.between(firstDay,
                LocalDate.ofInstant(Instant.ofEpochMilli(config.lastSampleMillis()), ZoneOffset.UTC)) + 1;
        return new Iterator<>() {
            private long issued;

            @Override
            public boolean hasNext() {
                return issued < days * config.devices();
            }

            @Override
            public PhaseRunner.Request next() {
                int device = (int) (issued % config.devices());
                LocalDate day = firstDay.plusDays(issued / config.devices());
                issued++;
                Statement<?> statement = count.bind(DeviceRowGenerator.deviceId(device), day);
                return PhaseRunner.Request.of(1, recorder -> session.executeAsync(statement)
                        .thenCompose(page -> countRows(page, 0))
                        .thenApply(rows -> {
                            rowsByDevice.addAndGet(device, rows);
                            return rows;
                        }));
            }
        };
    }

    /** Reads every row of every page (decoding the value, as an application would) and counts them. */
    private static CompletionStage<Long> countRows(AsyncResultSet page, long rowsBefore) {
        long rows = rowsBefore;
        for (Row row : page.currentPage()) {
            row.getDouble(2);
            rows++;
        }
        if (!page.hasMorePages()) {
            return CompletableFuture.completedFuture(rows);
        }
        long rowsSoFar = rows;
        return page.fetchNextPage().thenCompose(next -> countRows(next, rowsSoFar));
    }

    @Override
    public void close() {
        session.close();
    }
}
