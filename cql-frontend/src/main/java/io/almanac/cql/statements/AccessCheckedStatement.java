package io.almanac.cql.statements;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.storage.schema.Schema;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A prepared statement with the permissions it needs ({@link AccessControl#requirements}), checked for the executing
 * connection's role before every execution: simple, prepared, and each statement of a BATCH message. A refused
 * statement fails with 0x2100 and nothing is executed.
 *
 * <p>Thread safety: immutable.
 */
final class AccessCheckedStatement extends GuardedStatement {

    private final List<AccessControl.Requirement> requirements;

    private AccessCheckedStatement(CqlStatement statement, List<AccessControl.Requirement> requirements) {
        super(statement);
        this.requirements = List.copyOf(requirements);
    }

    /** @return {@code statement}, checked before execution when it needs any permission */
    static CqlStatement wrap(CqlStatement statement, List<AccessControl.Requirement> requirements) {
        return requirements.isEmpty() ? statement : new AccessCheckedStatement(statement, requirements);
    }

    /** @return the statement without the check (the BATCH message checks each of its statements itself) */
    CqlStatement statement() {
        return statement;
    }

    /** @throws io.almanac.cql.auth.UnauthorizedException 0x2100 for the first permission the role lacks */
    void checkAccess(ExecutionContext context, ClientState state) {
        for (AccessControl.Requirement requirement : requirements) {
            AccessControl.ensurePermission(context, state, requirement.permission(), requirement.resource());
        }
    }





    @Override
    public CompletableFuture<ResultMessage> execute(ExecutionContext context, ClientState state,
                                                    QueryOptions options) {
        checkAccess(context, state);
        return statement.execute(context, state, options);
    }
}
