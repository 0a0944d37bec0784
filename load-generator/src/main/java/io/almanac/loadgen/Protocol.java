package io.almanac.loadgen;

import java.util.Locale;

/**
 * How the write phase reaches the node. The schema, the read phase and {@code --verify} always use CQL.
 *
 * <p>Thread safety: immutable.
 */
public enum Protocol {
    /** Prepared INSERTs (or UNLOGGED batches of one partition) with the Apache Cassandra Java driver. */
    CQL,
    /** InfluxDB v2 line protocol batches, {@code POST /api/v2/write?bucket=<keyspace>&precision=ms}. */
    HTTP,
    /** JSON rows published to {@code almanac/<keyspace>/<table>} from many device connections. */
    MQTT;

    /** @return the name as typed on the command line, e.g. {@code http} */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
