package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.UnpreparedException;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedStatementTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE r (a text, b int, ts timestamp, v double, PRIMARY KEY ((a, b), ts))");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void idIsMd5OfKeyspaceAndQuery() throws Exception {
        String query = "SELECT v FROM r WHERE a = ? AND b = ?";

        ResultMessage.Prepared prepared = db.prepare(query);

        byte[] expected = MessageDigest.getInstance("MD5").digest(("ks" + query).getBytes(StandardCharsets.UTF_8));
        assertThat(prepared.id()).containsExactly(expected);
        assertThat(db.prepare(query).id()).containsExactly(expected);
        assertThat(Digests.preparedId(null, query))
                .containsExactly(MessageDigest.getInstance("MD5").digest(query.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void insertBindMetadataAndPartitionKeyIndexes() {
        ResultMessage.Prepared prepared = db.prepare(
                "INSERT INTO r (ts, b, v, a) VALUES (?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?");

        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("ts", "b", "v", "a", "[ttl]", "[timestamp]");
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::type)
                .containsExactly(NativeType.TIMESTAMP, NativeType.INT, NativeType.DOUBLE, NativeType.TEXT,
                        NativeType.INT, NativeType.BIGINT);
        assertThat(prepared.pkIndexes()).containsExactly(3, 1);
        assertThat(prepared.resultMetadata().columns()).isEmpty();
    }

    @Test
    void selectMetadataNamedMarkersAndLimit() {
        ResultMessage.Prepared prepared = db.prepare(
                "SELECT ts, v AS value FROM r WHERE a = :sensor AND b = ? AND ts > :since LIMIT ?");

        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("sensor", "b", "since", "[limit]");
        assertThat(prepared.pkIndexes()).containsExactly(0, 1);
        assertThat(prepared.resultMetadata().columns()).extracting(ColumnSpec::name).containsExactly("ts", "value");
        assertThat(prepared.resultMetadataId()).containsExactly(Digests.resultMetadataId(prepared.resultMetadata()));
    }

    @Test
    void partitionKeyIndexesNeedEveryKeyColumnBound() {
        assertThat(db.prepare("SELECT v FROM r WHERE a = 'x' AND b = ?").pkIndexes()).isEmpty();
        assertThat(db.prepare("SELECT v FROM r WHERE a = ? AND b IN ?").pkIndexes()).isEmpty();
        assertThat(db.prepare("SELECT v FROM r WHERE a IN ? AND b = ?").bindVariables().columns())
                .extracting(ColumnSpec::name, ColumnSpec::type)
                .first().isEqualTo(org.assertj.core.groups.Tuple.tuple("in(a)",
                        CollectionType.list(NativeType.TEXT, false)));
    }

    @Test
    void executeWithPositionalAndNamedValues() {
        ResultMessage.Prepared insert = db.prepare("INSERT INTO r (a, b, ts, v) VALUES (:a, :b, :ts, :v)");
        db.executePrepared(insert, EngineFixture.options(List.of(NativeType.DOUBLE.encode(2.5),
                NativeType.TEXT.encode("s1"), NativeType.INT.encode(7), NativeType.TIMESTAMP.encode(1000L)),
                List.of("v", "a", "b", "ts"), -1, null));
        ResultMessage.Prepared select = db.prepare("SELECT v FROM r WHERE a = ? AND b = ? AND ts = ?");

        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(select, EngineFixture.options(
                List.of(NativeType.TEXT.encode("s1"), NativeType.INT.encode(7), NativeType.TIMESTAMP.encode(1000L)),
                null, -1, null));

        assertThat(NativeType.DOUBLE.decode(InsertSelectTest.single(rows)[0])).isEqualTo(2.5);
    }

    @Test
    void repeatedMarkerNameTakesOneValue() {
        db.execute("INSERT INTO r (a, b, ts, v) VALUES ('x', 1, 5, 1.0)");
        ResultMessage.Prepared select = db.prepare("SELECT v FROM r WHERE a = 'x' AND b = 1 AND ts >= :t AND ts <= :t");

        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(select, EngineFixture.options(
                List.of(NativeType.TIMESTAMP.encode(5L)), List.of("t"), -1, null));

        assertThat(rows.rows()).hasSize(1);
    }

    @Test
    void wrongValueCountAndBadValues() {
        ResultMessage.Prepared select = db.prepare("SELECT v FROM r WHERE a = ? AND b = ?");
        assertThatThrownBy(() -> db.executePrepared(select, EngineFixture.options(
                List.of(NativeType.TEXT.encode("x")), null, -1, null)))
                .hasMessage("There were 2 markers(?) in CQL but 1 bound variables");
        assertThatThrownBy(() -> db.executePrepared(select, EngineFixture.options(
                List.of(NativeType.TEXT.encode("x"), new byte[3]), null, -1, null)))
                .isInstanceOf(CqlException.class).hasMessage("Expected 4 or 0 byte int (3)");
        assertThatThrownBy(() -> db.executePrepared(select, EngineFixture.options(
                Arrays.asList(NativeType.TEXT.encode("x"), null), null, -1, null)))
                .hasMessage("Invalid null value in condition for column b");
        assertThatThrownBy(() -> db.executePrepared(select, EngineFixture.options(
                List.of(NativeType.TEXT.encode("x")), List.of("nope"), -1, null)))
                .hasMessage("No value has been provided for bind variable a");
    }

    @Test
    void unknownIdIsUnprepared() {
        byte[] id = new byte[16];
        assertThatThrownBy(() -> EngineFixture.await(db.processor.execute(db.state, id, null,
                QueryOptions.defaults(4))))
                .isInstanceOf(UnpreparedException.class)
                .satisfies(e -> assertThat(((UnpreparedException) e).id()).containsExactly(id));
    }

    @Test
    void droppingTheTableUnpreparesItsStatements() {
        ResultMessage.Prepared select = db.prepare("SELECT v FROM r WHERE a = 'x' AND b = 1");
        db.execute("DROP TABLE r");
        db.execute("CREATE TABLE r (a text, b int, ts timestamp, v double, PRIMARY KEY ((a, b), ts))");

        assertThatThrownBy(() -> db.executePrepared(select, QueryOptions.defaults(4)))
                .isInstanceOf(UnpreparedException.class);
        assertThat(db.prepare("SELECT v FROM r WHERE a = 'x' AND b = 1").id()).containsExactly(select.id());
    }

    @Test
    void batchMessageMixesQueriesAndPreparedInserts() {
        ResultMessage.Prepared insert = db.prepare("INSERT INTO r (a, b, ts, v) VALUES (?, ?, ?, ?)");
        List<BatchEntry> entries = List.of(
                new BatchEntry("INSERT INTO r (a, b, ts, v) VALUES ('x', 1, 1, 1.0)", null, List.of()),
                new BatchEntry(null, insert.id(), List.of(NativeType.TEXT.encode("x"), NativeType.INT.encode(1),
                        NativeType.TIMESTAMP.encode(2L), NativeType.DOUBLE.encode(2.0))),
                new BatchEntry("INSERT INTO r (a, b, ts, v) VALUES (?, ?, 3, 3.0)", null,
                        List.of(NativeType.TEXT.encode("y"), NativeType.INT.encode(1))));

        assertThat(db.batch(BatchType.UNLOGGED, entries)).isEqualTo(ResultMessage.Void.INSTANCE);

        assertThat(db.rows("SELECT ts FROM r WHERE a = 'x' AND b = 1").rows()).hasSize(2);
        assertThat(db.rows("SELECT writetime(v) FROM r WHERE a = 'x' AND b = 1").rows())
                .extracting(r -> NativeType.BIGINT.decode(r[0])).containsOnly(EngineFixture.START_MICROS);
        assertThat(db.rows("SELECT ts FROM r WHERE a = 'y' AND b = 1").rows()).hasSize(1);
    }

    @Test
    void batchMessageRejectsNonInsertsAndCounters() {
        assertThatThrownBy(() -> db.batch(BatchType.LOGGED, List.of(
                new BatchEntry("SELECT * FROM r WHERE a = 'x' AND b = 1", null, List.of()))))
                .hasMessage("Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.");
        assertThatThrownBy(() -> db.batch(BatchType.LOGGED, List.of(
                new BatchEntry("TRUNCATE r", null, List.of()))))
                .hasMessage("Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.");
        assertThatThrownBy(() -> db.batch(BatchType.COUNTER, List.of(
                new BatchEntry("DELETE FROM r WHERE a = 'x' AND b = 1", null, List.of()))))
                .hasMessage("Cannot include non-counter statement in a counter batch");
        assertThatThrownBy(() -> db.batch(BatchType.LOGGED, List.of(new BatchEntry(null, new byte[16], List.of()))))
                .isInstanceOf(UnpreparedException.class);
    }

    @Test
    void textualBatchSharesOneTimestamp() {
        db.execute("BEGIN BATCH USING TIMESTAMP 42 INSERT INTO r (a, b, ts, v) VALUES ('x', 1, 1, 1.0);"
                + " INSERT INTO r (a, b, ts, v) VALUES ('x', 1, 2, ?); APPLY BATCH", NativeType.DOUBLE.encode(2.0));

        assertThat(db.rows("SELECT writetime(v) FROM r WHERE a = 'x' AND b = 1").rows())
                .extracting(r -> NativeType.BIGINT.decode(r[0])).containsExactly(42L, 42L);
        assertThatThrownBy(() -> db.execute("BEGIN BATCH USING TIMESTAMP 1 INSERT INTO r (a, b, ts) VALUES"
                + " ('x', 1, 1) USING TIMESTAMP 2 APPLY BATCH"))
                .hasMessage("Timestamp must be set either on BATCH or individual statements");
    }
}
