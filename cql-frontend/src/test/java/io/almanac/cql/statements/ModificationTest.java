package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.BatchEntry;
import io.almanac.cql.query.BatchType;
import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE, UPDATE and TRUNCATE on a real engine: their semantics, prepared and batched forms. */
class ModificationTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE t (k int, c int, v int, w text, PRIMARY KEY (k, c))");
        for (int k = 1; k <= 2; k++) {
            for (int c = 0; c < 3; c++) {
                db.execute("INSERT INTO t (k, c, v, w) VALUES (" + k + ", " + c + ", " + (k * 10 + c)
                        + ", 'x') USING TIMESTAMP 1000");
            }
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> rows(String query) {
        List<String> out = new ArrayList<>();
        for (byte[][] row : db.rows(query).rows()) {
            out.add(Arrays.stream(row).map(v -> v == null ? "null" : v.length == 4
                    ? String.valueOf(ByteBuffer.wrap(v).getInt()) : new String(v)).toList().toString());
        }
        return out;
    }

    @Test
    void deletePartitionRowAndCells() {
        db.execute("DELETE FROM t WHERE k = 1");
        db.execute("DELETE FROM t WHERE k = 2 AND c = 0");
        db.execute("DELETE v FROM t WHERE k = 2 AND c = 1");

        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
        assertThat(rows("SELECT c, v, w FROM t WHERE k = 2")).containsExactly("[1, null, x]", "[2, 22, x]");
        db.flush();
        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
        assertThat(rows("SELECT c, v, w FROM t WHERE k = 2")).containsExactly("[1, null, x]", "[2, 22, x]");
    }

    @Test
    void deleteWinsATimestampTieAndOlderDeletesDoNotShadowNewerWrites() {
        db.execute("DELETE FROM t USING TIMESTAMP 1000 WHERE k = 1 AND c = 0");
        db.execute("DELETE FROM t USING TIMESTAMP 999 WHERE k = 1 AND c = 1");
        db.execute("DELETE w FROM t USING TIMESTAMP 1000 WHERE k = 2 AND c = 0");
        db.execute("DELETE FROM t USING TIMESTAMP 1000 WHERE k = 2");
        db.execute("INSERT INTO t (k, c, v) VALUES (2, 5, 25) USING TIMESTAMP 1001");

        assertThat(rows("SELECT c FROM t WHERE k = 1")).containsExactly("[1]", "[2]");
        assertThat(rows("SELECT c, v, w FROM t WHERE k = 2")).containsExactly("[5, 25, null]");
    }

    @Test
    void deletionsHoldAcrossFlushesAndSSTables() {
        db.flush();
        db.execute("DELETE FROM t WHERE k = 1");
        db.flush();
        db.execute("DELETE w FROM t WHERE k = 2 AND c = 2");
        db.flush();

        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
        assertThat(rows("SELECT c, w FROM t WHERE k = 2")).containsExactly("[0, x]", "[1, x]", "[2, null]");
        assertThat(rows("SELECT k FROM t")).hasSize(3);
    }

    @Test
    void updateWritesNoRowMarker() {
        db.execute("UPDATE t SET v = 7 WHERE k = 3 AND c = 0");
        db.execute("INSERT INTO t (k, c, v) VALUES (3, 1, 8)");

        db.execute("UPDATE t SET v = null WHERE k = 3 AND c = 0");
        db.execute("UPDATE t SET v = null WHERE k = 3 AND c = 1");

        assertThat(rows("SELECT c, v FROM t WHERE k = 3")).as("the UPDATEd row vanished, the INSERTed one stays")
                .containsExactly("[1, null]");
    }

    @Test
    void updateWithTtlTimestampAndInOnKeys() {
        db.execute("UPDATE t USING TTL 100 AND TIMESTAMP 2000 SET v = 5, w = 'y' WHERE k IN (1, 2) AND c IN (0, 9)");
        db.execute("UPDATE t USING TIMESTAMP 1 SET v = 6 WHERE k = 1 AND c = 0");

        assertThat(rows("SELECT c, v, w FROM t WHERE k = 1")).containsExactly("[0, 5, y]", "[1, 11, x]",
                "[2, 12, x]", "[9, 5, y]");
        assertThat(rows("SELECT c FROM t WHERE k = 2 AND c = 9")).containsExactly("[9]");
        db.clock.advanceMicros(101_000_000L);
        assertThat(rows("SELECT c, v FROM t WHERE k = 1")).as("TTL expired; row 9 had no marker")
                .containsExactly("[0, null]", "[1, 11]", "[2, 12]");
    }

    @Test
    void truncateEmptiesTheTableAndDeletesItsFiles() throws IOException {
        db.flush();
        db.execute("INSERT INTO t (k, c, v) VALUES (5, 5, 5)");
        assertThat(dataFiles()).isNotEmpty();

        assertThat(db.execute("TRUNCATE TABLE t")).isInstanceOf(ResultMessage.Void.class);

        assertThat(rows("SELECT * FROM t")).isEmpty();
        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
        assertThat(dataFiles()).isEmpty();
        db.execute("TRUNCATE ks.t");
        db.execute("INSERT INTO t (k, c, v) VALUES (6, 6, 6)");
        assertThat(rows("SELECT k, c, v FROM t")).containsExactly("[6, 6, 6]");
    }

    private List<Path> dataFiles() throws IOException {
        TableMetadata table = db.engine.schema().requireTable("ks", "t");
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-Data.db"))
                    .filter(f -> f.getParent().getFileName().toString().startsWith(table.name() + "-")).toList();
        }
    }

    @Test
    void preparedUpdateAndDeleteHaveBindMetadataAndPartitionKeyIndexes() {
        ResultMessage.Prepared update = db.prepare("UPDATE t USING TTL ? SET v = ?, w = ? WHERE c = ? AND k = ?");
        ResultMessage.Prepared delete = db.prepare("DELETE w FROM t USING TIMESTAMP ? WHERE k = ? AND c = ?");

        assertThat(update.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("[ttl]", "v", "w", "c", "k");
        assertThat(update.pkIndexes()).containsExactly(4);
        assertThat(delete.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("[timestamp]", "k", "c");
        assertThat(delete.bindVariables().columns().get(0).type()).isEqualTo(NativeType.BIGINT);
        assertThat(delete.pkIndexes()).containsExactly(1);

        db.executePrepared(update, EngineFixture.options(List.of(NativeType.INT.encode(0), NativeType.INT.encode(99),
                NativeType.TEXT.encode("z"), NativeType.INT.encode(0), NativeType.INT.encode(1)), null, -1, null));
        db.executePrepared(delete, EngineFixture.options(List.of(NativeType.BIGINT.encode(5000),
                NativeType.INT.encode(1), NativeType.INT.encode(1)), null, -1, null));

        assertThat(rows("SELECT c, v, w FROM t WHERE k = 1")).containsExactly("[0, 99, z]", "[1, 11, null]",
                "[2, 12, x]");
    }

    @Test
    void batchesMixInsertUpdateAndDelete() {
        db.execute("BEGIN BATCH INSERT INTO t (k, c, v) VALUES (3, 0, 30); UPDATE t SET v = 31 WHERE k = 3 AND"
                + " c = 1; DELETE FROM t WHERE k = 1 AND c = 0; DELETE FROM t WHERE k = 2 APPLY BATCH");
        ResultMessage.Prepared update = db.prepare("UPDATE t SET w = ? WHERE k = ? AND c = ?");
        db.batch(BatchType.UNLOGGED, List.of(
                new BatchEntry(null, update.id(), List.of(NativeType.TEXT.encode("b"), NativeType.INT.encode(3),
                        NativeType.INT.encode(0))),
                new BatchEntry("DELETE v FROM t WHERE k = ? AND c = ?", null, List.of(NativeType.INT.encode(1),
                        NativeType.INT.encode(2)))));

        assertThat(rows("SELECT k, c, v, w FROM t")).containsExactlyInAnyOrder("[1, 1, 11, x]", "[1, 2, null, x]",
                "[3, 0, 30, b]", "[3, 1, 31, null]");
        assertThatThrownBy(() -> db.execute("BEGIN BATCH USING TIMESTAMP 5 DELETE FROM t USING TIMESTAMP 6 WHERE"
                + " k = 1 APPLY BATCH")).hasMessage("Timestamp must be set either on BATCH or individual statements");
    }
}
