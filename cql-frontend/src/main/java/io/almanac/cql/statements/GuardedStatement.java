package io.almanac.cql.statements;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.Schema;
import java.util.List;
import java.util.Objects;

/**
 * A statement that checks something before it lets the statement it wraps run: bind variables, routing indexes,
 * result metadata and schema validity are the wrapped statement's, only {@link #execute} differs.
 *
 * <p>Thread safety: immutable when the wrapped statement is.
 */
abstract class GuardedStatement implements CqlStatement {

    /** The statement run once the check passes. */
    final CqlStatement statement;

    GuardedStatement(CqlStatement statement) {
        this.statement = Objects.requireNonNull(statement, "statement");
    }

    @Override
    public final List<ColumnSpec> bindVariables() {
        return statement.bindVariables();
    }

    @Override
    public final int[] partitionKeyBindIndexes() {
        return statement.partitionKeyBindIndexes();
    }

    @Override
    public final ResultMetadata resultMetadata() {
        return statement.resultMetadata();
    }

    @Override
    public final boolean isValid(Schema schema) {
        return statement.isValid(schema);
    }
}
