package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a request's values in marker order: positional values are checked for count, named values
 * (NAMES_FOR_VALUES, 0x40) are matched to markers by name, as Cassandra's {@code QueryOptions.prepare} does; a
 * name used by several markers gives its value to each.
 *
 * <p>Thread safety: stateless.
 */
final class BoundValues {

    private BoundValues() {
    }

    /**
     * @return options whose values are in marker order and whose names are null
     * @throws CqlException 0x2200 "There were 2 markers(?) in CQL but 1 bound variables", or a missing name
     */
    static QueryOptions inMarkerOrder(List<ColumnSpec> variables, QueryOptions options) {
        List<byte[]> values = options.values() == null ? List.of() : options.values();
        if (options.names() == null) {
            checkCount(variables.size(), values.size());
            return options.values() == null ? withValues(options, values) : options;
        }
        if (options.names().size() != values.size()) {
            throw CqlException.invalid("Got " + options.names().size() + " names for " + values.size() + " values");
        }
        List<byte[]> ordered = new ArrayList<>(variables.size());
        for (ColumnSpec variable : variables) {
            int index = options.names().indexOf(variable.name());
            if (index < 0) {
                throw CqlException.invalid("No value has been provided for bind variable " + variable.name());
            }
            ordered.add(values.get(index));
        }
        return withValues(options, ordered);
    }

    private static QueryOptions withValues(QueryOptions options, List<byte[]> values) {
        return new QueryOptions(options.consistency(), values, null, options.skipMetadata(), options.pageSize(),
                options.pagingState(), options.serialConsistency(), options.defaultTimestampMicros(),
                options.keyspace(), options.nowInSeconds(), options.protocolVersion());
    }

    /** @throws CqlException when the number of values differs from the number of markers */
    static void checkCount(int markers, int values) {
        if (markers != values) {
            throw CqlException.invalid("There were " + markers + " markers(?) in CQL but " + values
                    + " bound variables");
        }
    }
}
