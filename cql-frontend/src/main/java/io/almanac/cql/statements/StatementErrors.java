package io.almanac.cql.statements;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.TableMetadata;

/**
 * The errors statements share, worded as Apache Cassandra words them (cql3/statements/*, cql3/restrictions/*).
 *
 * <p>Thread safety: stateless.
 */
final class StatementErrors {

    /** Cassandra's message when a query needs ALLOW FILTERING (StatementRestrictions). */
    static final String REQUIRES_ALLOW_FILTERING = "Cannot execute this query as it might involve data filtering and"
            + " thus may have unpredictable performance. If you want to execute this query despite the performance"
            + " unpredictability, use ALLOW FILTERING";

    private StatementErrors() {
    }

    /** 0x2200: a CQL feature Cassandra has and Almanac does not execute yet. */
    static CqlException unsupported(String feature) {
        return CqlException.invalid(feature + " not supported yet");
    }

    /** 0x2100: writes and DDL on the system keyspaces. */
    static CqlException notUserModifiable(String keyspace) {
        return new CqlException(CqlException.UNAUTHORIZED, keyspace + " keyspace is not user-modifiable.");
    }

    /** 0x2200: a column name that the table does not have. */
    static CqlException undefinedColumn(String column, TableMetadata table) {
        return CqlException.invalid("Undefined column name " + column + " in table " + table);
    }

    /** 0x2200: an unqualified table name without a session keyspace. */
    static CqlException noKeyspace() {
        return CqlException.invalid("No keyspace has been specified. USE a keyspace, or explicitly specify"
                + " keyspace.tablename");
    }

    /** 0x2200: the query needs ALLOW FILTERING. */
    static CqlException requiresAllowFiltering() {
        return CqlException.invalid(REQUIRES_ALLOW_FILTERING);
    }
}
