package io.almanac.cql.statements;

import io.almanac.cql.parser.ParsedQuery;
import io.almanac.cql.parser.ParsedStatement;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.system.VirtualTables;
import io.almanac.storage.schema.Schema;

/**
 * Checks a parsed statement against the current schema and prepares it for execution, wrapped in the permission
 * checks it needs ({@link AccessCheckedStatement}).
 *
 * <p>Thread safety: stateless.
 */
final class StatementPreparer {

    private StatementPreparer() {
    }

    /**
     * @param query           the parsed query
     * @param sessionKeyspace the keyspace for unqualified table names, or null
     * @param functions       the native functions' context (clock) for function calls
     * @throws CqlException (or the engine's InvalidRequestException family) when the statement is not valid
     */
    static CqlStatement prepare(ParsedQuery query, String sessionKeyspace, Schema schema,
                                VirtualTables systemTables, NativeFunctions functions) {
        CqlStatement prepared = prepareUnguarded(query, sessionKeyspace, schema, systemTables, functions);
        CqlStatement guarded = AuthKeyspaceGuard.guard(query.statement(), sessionKeyspace, prepared);
        return AccessCheckedStatement.wrap(guarded, AccessControl.requirements(query.statement(), sessionKeyspace));
    }

    private static CqlStatement prepareUnguarded(ParsedQuery query, String sessionKeyspace, Schema schema,
                                                 VirtualTables systemTables, NativeFunctions functions) {
        ParsedStatement statement = query.statement();
        int markers = query.bindMarkerCount();
        if (statement instanceof ParsedStatement.Select select) {
            return SelectStatement.prepare(select, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.Insert insert) {
            return InsertStatement.prepare(insert, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.InsertJson insert) {
            return JsonInsertStatement.prepare(insert, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.Update update) {
            return UpdateStatement.prepare(update, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.Delete delete) {
            return DeleteStatement.prepare(delete, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.Truncate truncate) {
            return TruncateStatement.prepare(truncate, sessionKeyspace, schema, systemTables);
        }
        if (statement instanceof ParsedStatement.Batch batch) {
            return BatchStatement.prepare(batch, markers, sessionKeyspace, schema, systemTables, functions);
        }
        if (statement instanceof ParsedStatement.Describe describe) {
            return new DescribeStatement(describe);
        }
        if (statement instanceof ParsedStatement.Use use) {
            return new UseStatement(use.keyspace());
        }
        if (statement instanceof ParsedStatement.CreateKeyspace create) {
            return KeyspaceStatements.create(create, systemTables);
        }
        if (statement instanceof ParsedStatement.DropKeyspace drop) {
            return KeyspaceStatements.drop(drop, systemTables);
        }
        if (statement instanceof ParsedStatement.CreateRole create) {
            return RoleStatements.create(create);
        }
        if (statement instanceof ParsedStatement.AlterRole alter) {
            return RoleStatements.alter(alter);
        }
        if (statement instanceof ParsedStatement.DropRole drop) {
            return RoleStatements.drop(drop);
        }
        if (statement instanceof ParsedStatement.ListRoles list) {
            return new ListRolesStatement(list.users(), list.grantee(), list.recursive());
        }
        if (statement instanceof ParsedStatement.ChangeRoleMembership change) {
            return RoleMembershipStatements.change(change);
        }
        if (statement instanceof ParsedStatement.ChangePermissions change) {
            return PermissionStatements.change(change, sessionKeyspace);
        }
        if (statement instanceof ParsedStatement.ListPermissions list) {
            return new ListPermissionsStatement(list, sessionKeyspace);
        }
        if (statement instanceof ParsedStatement.AlterTable alter) {
            return AlterTableStatement.prepare(alter, sessionKeyspace, systemTables);
        }
        if (statement instanceof ParsedStatement.AlterKeyspace alter) {
            return KeyspaceStatements.alter(alter, systemTables);
        }
        if (statement instanceof ParsedStatement.CreateTable create) {
            return TableStatements.create(create, sessionKeyspace, systemTables);
        }
        if (statement instanceof ParsedStatement.CreateType create) {
            return TypeStatements.create(create, sessionKeyspace, systemTables);
        }
        if (statement instanceof ParsedStatement.AlterType alter) {
            return TypeStatements.alter(alter, sessionKeyspace, systemTables);
        }
        if (statement instanceof ParsedStatement.DropType drop) {
            return TypeStatements.drop(drop, sessionKeyspace, systemTables);
        }
        return TableStatements.drop((ParsedStatement.DropTable) statement, sessionKeyspace, systemTables);
    }
}
