package io.almanac.ingest.mapping;

import io.almanac.storage.data.Mutation;
import java.util.List;

/**
 * What {@link LineProtocolMapper} makes of a line-protocol body: every point as a mutation, or why the body was
 * refused. All or nothing: when any line fails, no mutation is returned.
 *
 * <p>Thread safety: immutable.
 */
public sealed interface LineMappingResult {

    /**
     * Every point of the body, one mutation per line in body order.
     *
     * @param mutations the mutations, ready for {@link io.almanac.storage.engine.StorageEngine#write}
     */
    record Mapped(List<Mutation> mutations) implements LineMappingResult {
        public Mapped {
            mutations = List.copyOf(mutations);
        }
    }

    /**
     * The body was refused at one line.
     *
     * @param kind    what went wrong
     * @param line    the 1-based line number, or 0 when not about one line
     * @param column  the 1-based column (byte within the line) for syntax errors, else 0
     * @param message the InfluxDB-style message naming the line and why, e.g. {@code line 3: unable to parse
     *                'cpu,host=a usage=': missing field value}
     */
    record Refused(Kind kind, int line, int column, String message) implements LineMappingResult {
    }

    /** Why a body was refused; each kind has its own HTTP status. */
    enum Kind {
        /** A line does not parse, or does not fit its table (400 invalid). */
        INVALID,
        /** The bucket (keyspace) or a measurement's table does not exist (404 not found). */
        NOT_FOUND,
        /** The body holds more points than allowed (413). */
        TOO_MANY_LINES
    }
}
