package io.almanac.cql.parser;

import io.almanac.cql.auth.DataResource;
import io.almanac.cql.auth.Permission;
import io.almanac.cql.auth.Resource;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement as parsed, before it is checked against the schema: the subset of CQL that Almanac executes.
 * Statements outside the subset never get here; the parser answers them with "... is not supported yet".
 */
public sealed interface ParsedStatement {

    /**
     * {@code SELECT [DISTINCT] selectors FROM table [WHERE ...] [GROUP BY ...] [ORDER BY ...] [LIMIT n]
     * [ALLOW FILTERING]}.
     *
     * @param table          the table
     * @param selectors      the selected items; empty for {@code *}
     * @param where          the relations, in the order written
     * @param orderings      the ORDER BY items
     * @param limit          the LIMIT term (integer literal or marker), or null
     * @param allowFiltering whether ALLOW FILTERING was given
     * @param distinct       whether this is SELECT DISTINCT (one row per partition)
     * @param groupBy        the GROUP BY items (columns or {@code floor(...)} calls); empty without GROUP BY
     * @param perPartitionLimit the PER PARTITION LIMIT term (integer literal or marker), or null
     * @param json           SELECT JSON: each row as one JSON text column named {@code [json]}
     */
    record Select(QualifiedName table, List<Selector> selectors, List<Relation> where, List<Ordering> orderings,
                  Term limit, boolean allowFiltering, boolean distinct, List<Selector> groupBy,
                  Term perPartitionLimit, boolean json)
            implements ParsedStatement {
        public Select {
            selectors = List.copyOf(selectors);
            groupBy = List.copyOf(groupBy);
            where = List.copyOf(where);
            orderings = List.copyOf(orderings);
        }

        /** A SELECT without PER PARTITION LIMIT and JSON. */
        public Select(QualifiedName table, List<Selector> selectors, List<Relation> where, List<Ordering> orderings,
                      Term limit, boolean allowFiltering, boolean distinct, List<Selector> groupBy) {
            this(table, selectors, where, orderings, limit, allowFiltering, distinct, groupBy, null, false);
        }
    }

    /** A statement that may appear in a BATCH: INSERT, UPDATE or DELETE. */
    sealed interface Modification extends ParsedStatement {
        /** @return the table written */
        QualifiedName table();

        /** @return the USING TIMESTAMP term, or null */
        Term timestamp();
    }

    /**
     * {@code INSERT INTO table (columns) VALUES (values) [USING TTL t [AND TIMESTAMP ts]]}.
     *
     * @param table      the table
     * @param columns    the column names, in the order written
     * @param values     one term per column
     * @param timeToLive the USING TTL term, or null
     * @param timestamp  the USING TIMESTAMP term, or null
     * @param ifNotExists IF NOT EXISTS (a lightweight transaction)
     */
    record Insert(QualifiedName table, List<String> columns, List<Term> values, Term timeToLive, Term timestamp,
                  boolean ifNotExists) implements Modification {
        public Insert {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }

        /** An INSERT without IF NOT EXISTS. */
        public Insert(QualifiedName table, List<String> columns, List<Term> values, Term timeToLive, Term timestamp) {
            this(table, columns, values, timeToLive, timestamp, false);
        }
    }

    /**
     * {@code INSERT INTO table JSON 'object' [DEFAULT NULL | DEFAULT UNSET] [USING TTL t [AND TIMESTAMP ts]]}.
     *
     * @param table        the table
     * @param json         the JSON object text: a string literal or a bind marker
     * @param defaultUnset DEFAULT UNSET: columns missing from the object are left as they are (else set to null)
     * @param timeToLive   the USING TTL term, or null
     * @param timestamp    the USING TIMESTAMP term, or null
     */
    record InsertJson(QualifiedName table, Term json, boolean defaultUnset, Term timeToLive, Term timestamp)
            implements Modification {
    }

    /**
     * {@code UPDATE table [USING TTL t [AND TIMESTAMP ts]] SET column = value, ... WHERE primary key}.
     *
     * @param table       the table
     * @param columns     the assigned columns, in the order written
     * @param values      one term per column
     * @param where       the relations, in the order written
     * @param timeToLive  the USING TTL term, or null
     * @param timestamp   the USING TIMESTAMP term, or null
     * @param operations  the counter, collection and element assignments, in the order written
     * @param conditions  the IF clause, or null
     */
    record Update(QualifiedName table, List<String> columns, List<Term> values, List<Relation> where,
                  Term timeToLive, Term timestamp, List<Operation> operations, Conditions conditions)
            implements Modification {
        public Update {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
            where = List.copyOf(where);
            operations = List.copyOf(operations);
        }

        /** An UPDATE of plain assignments only, without conditions. */
        public Update(QualifiedName table, List<String> columns, List<Term> values, List<Relation> where,
                      Term timeToLive, Term timestamp) {
            this(table, columns, values, where, timeToLive, timestamp, List.of(), null);
        }
    }

    /**
     * {@code DELETE [columns] FROM table [USING TIMESTAMP ts] WHERE ...}.
     *
     * @param table     the table
     * @param columns   the columns whose cells are deleted; empty to delete rows or the partition
     * @param where     the relations, in the order written
     * @param timestamp the USING TIMESTAMP term, or null
     * @param elements  the collection elements deleted ({@code DELETE m[k]}), in the order written
     * @param conditions the IF clause, or null
     */
    record Delete(QualifiedName table, List<String> columns, List<Relation> where, Term timestamp,
                  List<Element> elements, Conditions conditions) implements Modification {
        public Delete {
            columns = List.copyOf(columns);
            where = List.copyOf(where);
            elements = List.copyOf(elements);
        }

        /** A DELETE of whole columns, rows or partitions, without conditions. */
        public Delete(QualifiedName table, List<String> columns, List<Relation> where, Term timestamp) {
            this(table, columns, where, timestamp, List.of(), null);
        }

        /**
         * {@code DELETE column[element]}: a list index or a map key (or a set element) to remove; or
         * {@code DELETE column.field}: a field of a non-frozen user-defined type to set to null.
         *
         * @param column  the column
         * @param element the element, or null for a field deletion
         * @param field   the field name, or null for an element deletion
         */
        public record Element(String column, Term element, String field) {
            public Element {
                if ((element == null) == (field == null)) {
                    throw new IllegalArgumentException("an element deletion names an element or a field");
                }
            }

            /** An element deletion. */
            public Element(String column, Term element) {
                this(column, element, null);
            }
        }
    }

    /** {@code TRUNCATE [TABLE] table}. */
    record Truncate(QualifiedName table) implements ParsedStatement {
    }

    /**
     * {@code BEGIN [UNLOGGED | LOGGED] BATCH [USING TIMESTAMP ts] statements APPLY BATCH}.
     *
     * @param type       logged or unlogged
     * @param timestamp  the batch-wide USING TIMESTAMP term, or null
     * @param statements the INSERTs, UPDATEs and DELETEs
     */
    record Batch(BatchType type, Term timestamp, List<Modification> statements) implements ParsedStatement {
        public Batch {
            statements = List.copyOf(statements);
        }
    }

    /** {@code USE keyspace}. */
    record Use(String keyspace) implements ParsedStatement {
    }

    /** {@code CREATE KEYSPACE [IF NOT EXISTS] keyspace WITH properties}. */
    record CreateKeyspace(String keyspace, boolean ifNotExists, Properties properties) implements ParsedStatement {
    }

    /** {@code DROP KEYSPACE [IF EXISTS] keyspace}. */
    record DropKeyspace(String keyspace, boolean ifExists) implements ParsedStatement {
    }

    /**
     * {@code CREATE TABLE [IF NOT EXISTS] table (columns, PRIMARY KEY (...)) [WITH ...]}.
     *
     * @param table              the table
     * @param ifNotExists        IF NOT EXISTS
     * @param columns            the columns in declaration order
     * @param partitionKey       the partition key column names, in key order
     * @param clusteringColumns  the clustering column names, in key order
     * @param clusteringOrder    {@code CLUSTERING ORDER BY}: column name to "descending", in the order written
     * @param properties         the other options
     */
    record CreateTable(QualifiedName table, boolean ifNotExists, List<ColumnDefinition> columns,
                       List<String> partitionKey, List<String> clusteringColumns,
                       Map<String, Boolean> clusteringOrder, Properties properties) implements ParsedStatement {
        public CreateTable {
            columns = List.copyOf(columns);
            partitionKey = List.copyOf(partitionKey);
            clusteringColumns = List.copyOf(clusteringColumns);
            clusteringOrder = Collections.unmodifiableMap(new LinkedHashMap<>(clusteringOrder));
        }
    }

    /** {@code DROP TABLE [IF EXISTS] table}. */
    record DropTable(QualifiedName table, boolean ifExists) implements ParsedStatement {
    }

    /**
     * {@code ALTER TABLE [IF EXISTS] table} followed by one instruction (Cassandra's {@code AlterTableStatement}).
     *
     * @param table    the table
     * @param ifExists IF EXISTS after TABLE
     * @param action   what to change
     */
    record AlterTable(QualifiedName table, boolean ifExists, AlterTableAction action) implements ParsedStatement {
    }

    /** The instruction of an ALTER TABLE. */
    sealed interface AlterTableAction {
    }

    /**
     * {@code ADD [IF NOT EXISTS] col type [STATIC], ...}.
     *
     * @param columns        the columns to add, in the order written
     * @param staticColumns  the names of those declared STATIC
     * @param ifNotExists    IF NOT EXISTS: existing columns are skipped
     */
    record AddColumns(List<ColumnDefinition> columns, Set<String> staticColumns, boolean ifNotExists)
            implements AlterTableAction {
        public AddColumns {
            columns = List.copyOf(columns);
            staticColumns = Set.copyOf(staticColumns);
        }
    }

    /**
     * {@code DROP [IF EXISTS] col, ... [USING TIMESTAMP t]}.
     *
     * @param columns           the column names, in the order written
     * @param ifExists          IF EXISTS: missing columns are skipped
     * @param timestampMicros   the drop time given with USING TIMESTAMP, or null for the statement's time
     */
    record DropColumns(List<String> columns, boolean ifExists, Long timestampMicros) implements AlterTableAction {
        public DropColumns {
            columns = List.copyOf(columns);
        }
    }

    /**
     * {@code RENAME [IF EXISTS] a TO b AND ...} (primary key columns only).
     *
     * @param renames  old name to new name, in the order written
     * @param ifExists IF EXISTS: missing columns are skipped
     */
    record RenameColumns(Map<String, String> renames, boolean ifExists) implements AlterTableAction {
        public RenameColumns {
            renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
        }
    }

    /** {@code WITH options}. */
    record AlterOptions(Properties properties) implements AlterTableAction {
    }

    /** {@code ALTER col TYPE t} or {@code DROP COMPACT STORAGE}: parsed to be refused with Cassandra's message. */
    record RefusedAlter(String message) implements AlterTableAction {
    }

    /** {@code ALTER KEYSPACE [IF EXISTS] keyspace WITH properties}. */
    record AlterKeyspace(String keyspace, boolean ifExists, Properties properties) implements ParsedStatement {
    }

    /**
     * {@code CREATE TYPE [IF NOT EXISTS] [ks.]name (field type, ...)}.
     *
     * @param fieldTypes the field types; user types among them are unresolved placeholders
     *                   ({@link TermBuilder#type})
     */
    record CreateType(QualifiedName type, boolean ifNotExists, List<String> fieldNames, List<CqlType> fieldTypes)
            implements ParsedStatement {
        public CreateType {
            fieldNames = List.copyOf(fieldNames);
            fieldTypes = List.copyOf(fieldTypes);
        }
    }

    /**
     * {@code ALTER TYPE [IF EXISTS] [ks.]name ADD [IF NOT EXISTS] field type} or {@code ... RENAME [IF EXISTS] f1 TO
     * g1 [AND f2 TO g2 ...]}.
     *
     * @param addedField      the field to add, or null for RENAME
     * @param addedType       its type (an unresolved placeholder for a user type), or null
     * @param renames         old name to new name, in the order written (empty for ADD)
     * @param ifFieldPresence {@code IF NOT EXISTS} of ADD or {@code IF EXISTS} of RENAME
     */
    record AlterType(QualifiedName type, boolean ifExists, String addedField, CqlType addedType,
                     Map<String, String> renames, boolean ifFieldPresence) implements ParsedStatement {
        public AlterType {
            renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
        }
    }

    /** {@code DROP TYPE [IF EXISTS] [ks.]name}. */
    record DropType(QualifiedName type, boolean ifExists) implements ParsedStatement {
    }

    /**
     * {@code CREATE ROLE [IF NOT EXISTS] r [WITH options]} or {@code CREATE USER [IF NOT EXISTS] u [WITH PASSWORD
     * 'p'] [SUPERUSER | NOSUPERUSER]} (a user is a role with LOGIN).
     */
    record CreateRole(String role, boolean ifNotExists, RoleOptions options) implements ParsedStatement {
    }

    /** {@code ALTER ROLE [IF EXISTS] r WITH options} or {@code ALTER USER u ...}. */
    record AlterRole(String role, boolean ifExists, RoleOptions options) implements ParsedStatement {
    }

    /** {@code DROP ROLE [IF EXISTS] r} or {@code DROP USER [IF EXISTS] u}. */
    record DropRole(String role, boolean ifExists) implements ParsedStatement {
    }

    /**
     * {@code LIST ROLES [OF r] [NORECURSIVE]} ({@code users} false) or {@code LIST USERS} ({@code users} true).
     *
     * @param users     LIST USERS
     * @param grantee   the role after OF, or null
     * @param recursive whether roles granted through other roles are listed too (no NORECURSIVE)
     */
    record ListRoles(boolean users, String grantee, boolean recursive) implements ParsedStatement {
        /** LIST ROLES or LIST USERS without OF. */
        public ListRoles(boolean users) {
            this(users, null, true);
        }
    }

    /**
     * {@code GRANT role TO grantee} ({@code grant} true) or {@code REVOKE role FROM grantee}.
     *
     * @param grant   GRANT rather than REVOKE
     * @param role    the role granted or revoked
     * @param grantee the role that gains or loses it
     */
    record ChangeRoleMembership(boolean grant, String role, String grantee) implements ParsedStatement {
    }

    /**
     * What GRANT, REVOKE and LIST PERMISSIONS name: a resource, or an unqualified table whose keyspace is the
     * session's (Cassandra's {@code maybeCorrectResource}).
     *
     * @param resource the resource, or null when {@code table} is set
     * @param table    a table named without keyspace, or null
     */
    record PermissionTarget(Resource resource, String table) {
        /**
         * @return the resource, with the session keyspace for an unqualified table
         * @throws CqlException 0x2200 when the table has no keyspace and no keyspace is in use
         */
        public Resource resolve(String sessionKeyspace) {
            if (resource != null) {
                return resource;
            }
            if (sessionKeyspace == null) {
                throw CqlException.invalid("No keyspace has been specified. USE a keyspace, or explicitly specify"
                        + " keyspace.tablename");
            }
            return DataResource.table(sessionKeyspace, table);
        }
    }

    /**
     * {@code GRANT permissions ON resource TO role} ({@code grant} true) or {@code REVOKE ... FROM role}.
     *
     * @param grant       GRANT rather than REVOKE
     * @param permissions the permissions, already limited to those applicable to the resource (never empty)
     * @param target      the resource
     * @param role        the grantee or revokee
     */
    record ChangePermissions(boolean grant, Set<Permission> permissions, PermissionTarget target, String role)
            implements ParsedStatement {
        public ChangePermissions {
            permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        }
    }

    /**
     * {@code LIST permissions [ON resource] [OF role] [NORECURSIVE]}.
     *
     * @param permissions the permissions listed (ALL: every permission)
     * @param target      the resource, or null for every resource
     * @param grantee     the role, or null for every role
     * @param recursive   whether grants on the resource's parents are listed too (no NORECURSIVE)
     */
    record ListPermissions(Set<Permission> permissions, PermissionTarget target, String grantee, boolean recursive)
            implements ParsedStatement {
        public ListPermissions {
            permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        }
    }

    /**
     * The options of CREATE/ALTER ROLE; each is null when not given.
     *
     * @param password  PASSWORD, in clear text (hashed before it is stored)
     * @param login     LOGIN
     * @param superuser SUPERUSER
     */
    record RoleOptions(String password, Boolean login, Boolean superuser) {
        @Override
        public String toString() {
            return "RoleOptions[password=" + (password == null ? "null" : "***") + ", login=" + login
                    + ", superuser=" + superuser + "]";
        }
    }

    /**
     * Server-side {@code DESCRIBE} (Cassandra 4+).
     *
     * @param kind     what is described
     * @param keyspace the keyspace named in the statement, or null (then the session keyspace applies)
     * @param name     the element named (table, type, ... or the bare name of GENERIC), or null
     */
    record Describe(DescribeKind kind, String keyspace, String name) implements ParsedStatement {
    }

    /** The forms of DESCRIBE. */
    enum DescribeKind {
        /** {@code DESCRIBE KEYSPACES}. */
        KEYSPACES,
        /** {@code DESCRIBE KEYSPACE [k]}: the keyspace and everything in it. */
        KEYSPACE,
        /** {@code DESCRIBE ONLY KEYSPACE [k]}: the keyspace alone. */
        ONLY_KEYSPACE,
        /** {@code DESCRIBE TABLES}. */
        TABLES,
        /** {@code DESCRIBE TABLE [k.]t}. */
        TABLE,
        /** {@code DESCRIBE SCHEMA}: every non-system keyspace. */
        SCHEMA,
        /** {@code DESCRIBE FULL SCHEMA}: every keyspace. */
        FULL_SCHEMA,
        /** {@code DESCRIBE CLUSTER}. */
        CLUSTER,
        /** {@code DESCRIBE TYPES}. */
        TYPES,
        /** {@code DESCRIBE FUNCTIONS}. */
        FUNCTIONS,
        /** {@code DESCRIBE AGGREGATES}. */
        AGGREGATES,
        /** {@code DESCRIBE TYPE [k.]t}. */
        TYPE,
        /** {@code DESCRIBE FUNCTION [k.]f}. */
        FUNCTION,
        /** {@code DESCRIBE AGGREGATE [k.]a}. */
        AGGREGATE,
        /** {@code DESCRIBE INDEX [k.]i}. */
        INDEX,
        /** {@code DESCRIBE MATERIALIZED VIEW [k.]v}. */
        MATERIALIZED_VIEW,
        /** {@code DESCRIBE [k.]name}: a keyspace, else a table, index or view of that name. */
        GENERIC
    }
}
