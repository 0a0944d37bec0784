package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ClientState;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.InvalidRequestException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors of statement preparation and execution: codes and Cassandra's messages. */
class StatementErrorsTest {

    @TempDir
    static Path directory;
    static EngineFixture db;

    @BeforeAll
    static void open() {
        db = new EngineFixture(directory);
        db.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        db.execute("CREATE TABLE ks.t (k int, c int, d int, v text, PRIMARY KEY (k, c, d))");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void syntaxErrorsAre0x2000() {
        assertError("SELECT * FORM ks.t", CqlException.SYNTAX_ERROR)
                .hasMessageStartingWith("line 1:9 mismatched input 'FORM' expecting K_FROM");
        assertError("CREATE FOO", CqlException.SYNTAX_ERROR)
                .hasMessage("line 1:7 no viable alternative at input 'FOO' (CREATE [FOO])");
    }

    @Test
    void unknownTablesAndKeyspaces() {
        assertThatThrownBy(() -> db.execute("SELECT * FROM ks.nope WHERE k = 1"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("table nope does not exist");
        assertThatThrownBy(() -> db.execute("SELECT * FROM nope.t WHERE k = 1"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("keyspace nope does not exist");
        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(new ClientState(),
                "SELECT * FROM t WHERE k = 1", QueryOptions.defaults(4))))
                .hasMessage("No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename");
        assertError("SELECT nope FROM ks.t WHERE k = 1", CqlException.INVALID)
                .hasMessage("Undefined column name nope in table ks.t");
    }

    @Test
    void badlyTypedValues() {
        assertError("INSERT INTO ks.t (k, c, d, v) VALUES (1, 1, 1, 2)", CqlException.INVALID)
                .hasMessage("Invalid INTEGER constant (2) for \"v\" of type text");
        assertError("INSERT INTO ks.t (k, c, d, v) VALUES ('x', 1, 1, 'a')", CqlException.INVALID)
                .hasMessage("Invalid STRING constant (x) for \"k\" of type int");
        assertError("INSERT INTO ks.t (k, c, d, v) VALUES (99999999999, 1, 1, 'a')", CqlException.INVALID)
                .hasMessage("Unable to make int from '99999999999'");
        assertError("INSERT INTO ks.t (k, c, d, v) VALUES ([1], 1, 1, 'a')", CqlException.INVALID)
                .hasMessage("Invalid list literal for k of type int");
        assertThatThrownBy(() -> db.execute("INSERT INTO ks.t (k, c, d) VALUES (?, 1, 1)", new byte[3]))
                .hasMessage("Expected 4 or 0 byte int (3)");
    }

    @Test
    void missingKeyParts() {
        assertError("INSERT INTO ks.t (c, d, v) VALUES (1, 1, 'a')", CqlException.INVALID)
                .hasMessage("Some partition key parts are missing: k");
        assertError("INSERT INTO ks.t (k, v) VALUES (1, 'a')", CqlException.INVALID)
                .hasMessage("Some clustering keys are missing: c, d");
        assertError("INSERT INTO ks.t (k, c, d) VALUES (1, 1)", CqlException.INVALID)
                .hasMessage("Unmatched column names/values");
        assertError("INSERT INTO ks.t (k, c, d, k) VALUES (1, 1, 1, 1)", CqlException.INVALID)
                .hasMessage("The column names contains duplicates");
        assertThatThrownBy(() -> db.execute("INSERT INTO ks.t (k, c, d) VALUES (?, 1, 1)", (byte[]) null))
                .hasMessage("Invalid null value in condition for column k");
        assertThatThrownBy(() -> db.execute("INSERT INTO ks.t (k, c, d) VALUES (1, ?, 1)", QueryOptions.UNSET))
                .hasMessage("Invalid unset value for column c");
    }

    @Test
    void queriesWithoutPartitionKeyRestrictionsScanOrNeedAllowFiltering() {
        assertError("SELECT * FROM ks.t WHERE c = 1", CqlException.INVALID)
                .hasMessage(StatementErrors.REQUIRES_ALLOW_FILTERING);
        assertError("SELECT * FROM ks.t WHERE token(k) > 1 AND v = 'a'", CqlException.INVALID)
                .hasMessage(StatementErrors.REQUIRES_ALLOW_FILTERING);
        assertError("SELECT * FROM ks.t WHERE k > 1", CqlException.INVALID)
                .hasMessageStartingWith("Only EQ and IN relation are supported on the partition key");
        assertError("SELECT * FROM ks.t WHERE token(k) > 1 AND k = 1", CqlException.INVALID)
                .hasMessage("Columns \"k\" cannot be restricted by both a normal relation and a token relation");
        assertError("SELECT * FROM ks.t ORDER BY c DESC", CqlException.INVALID)
                .hasMessage("ORDER BY is only supported when the partition key is restricted by an EQ or an IN.");
        assertError("SELECT * FROM ks.t WHERE k = 1 AND v = 'a'", CqlException.INVALID)
                .hasMessage(StatementErrors.REQUIRES_ALLOW_FILTERING);
        assertThat(db.execute("SELECT * FROM ks.t")).isInstanceOf(ResultMessage.Rows.class);
        assertThat(db.execute("SELECT * FROM ks.t WHERE c = 1 ALLOW FILTERING"))
                .isInstanceOf(ResultMessage.Rows.class);
    }

    @Test
    void modificationErrors() {
        assertError("UPDATE ks.t SET v = 'a' WHERE k = 1 AND c = 1", CqlException.INVALID)
                .hasMessage("Some clustering keys are missing: d");
        assertError("UPDATE ks.t SET v = 'a' WHERE k = 1 AND c = 1 AND d > 1", CqlException.INVALID)
                .hasMessage("Slice restrictions are not supported on the clustering columns in UPDATE statements");
        assertError("UPDATE ks.t SET k = 2 WHERE k = 1 AND c = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("PRIMARY KEY part k found in SET part");
        assertError("UPDATE ks.t SET v = 'a' WHERE c = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("Some partition key parts are missing: k");
        assertError("UPDATE ks.t SET v = 'a' WHERE k = 1 AND c = 1 AND d = 1 AND v = 'b'", CqlException.INVALID)
                .hasMessage("Non PRIMARY KEY columns found in where clause: v");
        assertError("DELETE FROM ks.t WHERE token(k) > 1", CqlException.INVALID)
                .hasMessage("The token function cannot be used in WHERE clauses for DELETE statements");
        assertError("DELETE FROM ks.t WHERE k = 1 AND c > 1 AND d = 1", CqlException.INVALID)
                .hasMessage("Clustering column \"d\" cannot be restricted (preceding column \"c\" is restricted by a"
                        + " non-EQ relation)");
        assertError("DELETE FROM ks.t WHERE k = 1 AND d > 1", CqlException.INVALID)
                .hasMessage("PRIMARY KEY column \"d\" cannot be restricted as preceding column \"c\" is not"
                        + " restricted");
        assertError("DELETE v FROM ks.t WHERE k = 1", CqlException.INVALID)
                .hasMessage("Range deletions are not supported for specific columns");
        assertError("DELETE v FROM ks.t WHERE k = 1 AND c = 1", CqlException.INVALID)
                .hasMessage("Range deletions are not supported for specific columns");
        assertError("DELETE v FROM ks.t WHERE k = 1 AND c = 1 AND d < 3", CqlException.INVALID)
                .hasMessage("Range deletions are not supported for specific columns");
        assertError("DELETE k FROM ks.t WHERE k = 1 AND c = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("Invalid identifier k for deletion (should not be a PRIMARY KEY part)");
        assertError("UPDATE ks.t USING TTL -1 SET v = 'a' WHERE k = 1 AND c = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("A TTL must be greater or equal to 0, but was -1");
        assertError("TRUNCATE system.local", CqlException.UNAUTHORIZED)
                .hasMessage("system keyspace is not user-modifiable.");
    }

    @Test
    void clusteringRestrictionShapes() {
        assertError("SELECT * FROM ks.t WHERE k = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("PRIMARY KEY column \"d\" cannot be restricted as preceding column \"c\" is not"
                        + " restricted");
        assertError("SELECT * FROM ks.t WHERE k = 1 AND c > 1 AND d = 1", CqlException.INVALID)
                .hasMessage("Clustering column \"d\" cannot be restricted (preceding column \"c\" is restricted by"
                        + " a non-EQ relation)");
        assertError("SELECT * FROM ks.t WHERE k = 1 AND c = 1 AND c = 2", CqlException.INVALID)
                .hasMessage("c cannot be restricted by more than one relation if it includes an Equal");
        assertError("SELECT * FROM ks.t WHERE k = 1 AND c > 1 AND c > 2", CqlException.INVALID)
                .hasMessage("More than one restriction was found for the start bound on c");
    }

    @Test
    void orderByAndLimitErrors() {
        assertError("SELECT * FROM ks.t WHERE k = 1 ORDER BY v", CqlException.INVALID)
                .hasMessage("Order by is currently only supported on the clustered columns of the PRIMARY KEY, got v");
        assertError("SELECT * FROM ks.t WHERE k = 1 ORDER BY d", CqlException.INVALID)
                .hasMessage("Order by currently only supports the ordering of columns following their declared"
                        + " order in the PRIMARY KEY");
        assertError("SELECT * FROM ks.t WHERE k = 1 ORDER BY c ASC, d DESC", CqlException.INVALID)
                .hasMessage("Unsupported order by relation");
        assertError("SELECT * FROM ks.t WHERE k = 1 LIMIT 0", CqlException.INVALID)
                .hasMessage("LIMIT must be strictly positive");
        assertThatThrownBy(() -> db.execute("SELECT * FROM ks.t WHERE k = 1 LIMIT ?", (byte[]) null))
                .hasMessage("Invalid null value of limit");
    }

    @Test
    void selectorErrors() {
        assertError("SELECT writetime(k) FROM ks.t WHERE k = 1", CqlException.INVALID)
                .hasMessage("Cannot use selection function writeTime on PRIMARY KEY part k");
        assertError("SELECT token(c) FROM ks.t WHERE k = 1", CqlException.INVALID)
                .hasMessage("The token function arguments must be the partition key columns in order: k");
    }

    @Test
    void unsupportedStatementsAreInvalidNotSyntaxErrors() {
        assertError("CREATE INDEX ON ks.t (v)", CqlException.INVALID)
                .hasMessage("CREATE INDEX statements are not supported yet");
        assertError("UPDATE ks.t SET v.f = 1 WHERE k = 1 AND c = 1 AND d = 1", CqlException.INVALID)
                .hasMessage("User-defined type field updates are not supported yet");
        assertError("UPDATE ks.t SET v = 1 WHERE k = 1 AND c = 1 AND d = 1 IF v CONTAINS 1", CqlException.INVALID)
                .hasMessage("CONTAINS conditions are not supported yet");
    }

    @Test
    void executionFailuresArriveInTheFutureNotAsThrows() {
        assertThat(db.processor.query(db.state, "SELECT * FORM x", QueryOptions.defaults(4)))
                .isCompletedExceptionally();
        assertThat(db.processor.prepare(db.state, "SELECT * FROM ks.nope", null)).isCompletedExceptionally();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertError(String query, int code) {
        return assertThatThrownBy(() -> db.execute(query)).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(code));
    }
}
