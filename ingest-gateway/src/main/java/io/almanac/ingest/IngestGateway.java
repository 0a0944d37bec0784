package io.almanac.ingest;

import io.almanac.ingest.auth.AllowAllIngestAuthenticator;
import io.almanac.ingest.auth.IngestAuthenticator;
import io.almanac.ingest.mapping.JsonRowMapper;
import io.almanac.ingest.mapping.LineProtocolMapper;
import io.almanac.ingest.mapping.WriteTimestamps;
import io.almanac.storage.engine.StorageEngine;
import io.almanac.storage.time.Clock;
import java.util.Objects;

/**
 * What the HTTP and MQTT ingest servers share: the storage engine they write through, the JSON row mapper and the
 * line-protocol mapper (sharing the one strictly increasing timestamp source), the counters, the rate-limited
 * rejection log and the authenticator that checks writers against the node's roles. The server module makes one per
 * node and hands it to both servers.
 *
 * <p>Thread safety: immutable; everything it holds is safe from any thread.
 */
public final class IngestGateway {

    /** Default least time between two rejection log lines for one reason, milliseconds. */
    public static final long DEFAULT_REJECTION_LOG_INTERVAL_MILLIS = 60_000;

    private final StorageEngine engine;
    private final Clock clock;
    private final JsonRowMapper mapper;
    private final LineProtocolMapper lineProtocolMapper;
    private final IngestMetrics metrics;
    private final RejectionLog rejectionLog;
    private final IngestAuthenticator authenticator;

    /** A gateway logging refusals through SLF4J at most once a minute per reason. */
    public IngestGateway(StorageEngine engine, Clock clock) {
        this(engine, clock, new IngestMetrics(), RejectionLog.toSlf4j(clock, DEFAULT_REJECTION_LOG_INTERVAL_MILLIS));
    }

    /** A gateway that requires no authentication ({@link AllowAllIngestAuthenticator}). */
    public IngestGateway(StorageEngine engine, Clock clock, IngestMetrics metrics, RejectionLog rejectionLog) {
        this(engine, clock, metrics, rejectionLog, new AllowAllIngestAuthenticator());
    }

    /**
     * @param engine        the node's storage engine
     * @param clock         the node's clock (cell timestamps, log intervals, session expiry)
     * @param metrics       the counters to update
     * @param rejectionLog  where refused payloads are logged
     * @param authenticator checks MQTT and HTTP writers against the node's roles
     */
    public IngestGateway(StorageEngine engine, Clock clock, IngestMetrics metrics, RejectionLog rejectionLog,
                         IngestAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.rejectionLog = Objects.requireNonNull(rejectionLog, "rejectionLog");
        WriteTimestamps timestamps = new WriteTimestamps(clock);
        this.mapper = new JsonRowMapper(timestamps);
        this.lineProtocolMapper = new LineProtocolMapper(timestamps);
    }

    public StorageEngine engine() {
        return engine;
    }

    public Clock clock() {
        return clock;
    }

    public JsonRowMapper mapper() {
        return mapper;
    }

    /** @return the InfluxDB line-protocol mapper (same cell timestamp source as {@link #mapper()}) */
    public LineProtocolMapper lineProtocolMapper() {
        return lineProtocolMapper;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public RejectionLog rejectionLog() {
        return rejectionLog;
    }

    /** @return who checks writers' credentials and table permissions */
    public IngestAuthenticator authenticator() {
        return authenticator;
    }
}
