package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.partition.Murmur3Partitioner;
import io.almanac.storage.schema.NativeType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full scans, token() ranges and ALLOW FILTERING on stored tables, paged across partitions. */
class RangeScanTest {

    private static final int PARTITIONS = 40;
    private static final int ROWS = 3;

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))");
        ResultMessage.Prepared insert = db.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)");
        for (int k = 0; k < PARTITIONS; k++) {
            for (int c = 0; c < ROWS; c++) {
                db.executePrepared(insert, EngineFixture.options(List.of(NativeType.INT.encode(k),
                        NativeType.INT.encode(c), NativeType.INT.encode(k * 10 + c)), null, -1, null));
            }
            if (k == 15 || k == 30) {
                db.flush();
            }
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A row as (token of k, c, v). */
    private record Scanned(long token, int k, int c, int v) {
    }

    private static long token(int k) {
        return Murmur3Partitioner.token(NativeType.INT.encode(k));
    }

    private List<Scanned> readAll(String query, int pageSize, List<Integer> pageSizes) {
        List<Scanned> seen = new ArrayList<>();
        byte[] state = null;
        do {
            ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state, query,
                    EngineFixture.options(List.of(), null, pageSize, state)));
            pageSizes.add(page.rows().size());
            for (byte[][] row : page.rows()) {
                int k = ByteBuffer.wrap(row[0]).getInt();
                seen.add(new Scanned(token(k), k, ByteBuffer.wrap(row[1]).getInt(), ByteBuffer.wrap(row[2]).getInt()));
            }
            state = page.pagingState();
        } while (state != null);
        return seen;
    }

    @Test
    void fullScanPagedBySevenReturnsEveryRowOnceInTokenOrder() {
        List<Integer> pageSizes = new ArrayList<>();

        List<Scanned> seen = readAll("SELECT k, c, v FROM t", 7, pageSizes);

        assertThat(seen).hasSize(PARTITIONS * ROWS);
        assertThat(new HashSet<>(seen)).hasSize(PARTITIONS * ROWS);
        for (int i = 1; i < seen.size(); i++) {
            Scanned previous = seen.get(i - 1);
            Scanned current = seen.get(i);
            assertThat(previous.token() < current.token()
                    || (previous.k() == current.k() && previous.c() < current.c())).as("row %d", i).isTrue();
        }
        assertThat(pageSizes.subList(0, pageSizes.size() - 1)).allMatch(size -> size == 7);
        assertThat(seen).allMatch(row -> row.v() == row.k() * 10 + row.c());
    }

    @Test
    void limitAcrossPartitionsStopsExactly() {
        List<Integer> pageSizes = new ArrayList<>();

        List<Scanned> seen = readAll("SELECT k, c, v FROM t LIMIT 50", 20, pageSizes);
        ResultMessage.Rows unpaged = db.rows("SELECT k FROM t LIMIT 5");

        assertThat(pageSizes).containsExactly(20, 20, 10);
        assertThat(seen).hasSize(50);
        assertThat(unpaged.rows()).hasSize(5);
        assertThat(unpaged.pagingState()).isNull();
    }

    @Test
    void tokenRangesSelectExactlyTheirPartitions() {
        List<Scanned> all = readAll("SELECT k, c, v FROM t", 1000, new ArrayList<>());
        long low = all.get(30).token();
        long high = all.get(90).token();

        List<Scanned> closed = readAll("SELECT k, c, v FROM t WHERE token(k) >= " + low + " AND token(k) <= "
                + high, 4, new ArrayList<>());
        List<Scanned> open = readAll("SELECT k, c, v FROM t WHERE token(k) > " + low + " AND token(k) < " + high,
                4, new ArrayList<>());
        ResultMessage.Rows bound = db.rows("SELECT k FROM t WHERE token(k) > ?", NativeType.BIGINT.encode(high));

        assertThat(closed).containsExactlyElementsOf(all.stream()
                .filter(r -> r.token() >= low && r.token() <= high).toList());
        assertThat(open).containsExactlyElementsOf(all.stream()
                .filter(r -> r.token() > low && r.token() < high).toList());
        assertThat(bound.rows()).hasSize((int) all.stream().filter(r -> r.token() > high).count());
        assertThat(db.rows("SELECT k FROM t WHERE token(k) > " + high + " AND token(k) < " + low).rows())
                .isEmpty();
    }

    @Test
    void allowFilteringFiltersRegularAndKeyColumnsAcrossPages() {
        List<Scanned> regular = readAll("SELECT k, c, v FROM t WHERE v >= 100 AND v < 200 ALLOW FILTERING", 3,
                new ArrayList<>());
        List<Scanned> clustering = readAll("SELECT k, c, v FROM t WHERE c = 2 ALLOW FILTERING", 5,
                new ArrayList<>());
        ResultMessage.Rows inPartition = db.rows("SELECT v FROM t WHERE k = 7 AND v IN (71, 72, 99) ALLOW"
                + " FILTERING");

        assertThat(regular).extracting(Scanned::v).containsExactlyInAnyOrderElementsOf(range(100, 200)
                .stream().filter(v -> v % 10 < ROWS).toList());
        assertThat(clustering).hasSize(PARTITIONS).allMatch(r -> r.c() == 2);
        assertThat(inPartition.rows()).extracting(r -> ByteBuffer.wrap(r[0]).getInt()).containsExactly(71, 72);
        assertThatThrownBy(() -> db.execute("SELECT * FROM t WHERE v = 1")).isInstanceOf(CqlException.class)
                .hasMessage(StatementErrors.REQUIRES_ALLOW_FILTERING);
    }

    @Test
    void deletedPartitionsAndRowsAreSkippedByScans() {
        db.execute("DELETE FROM t WHERE k = 3");
        db.execute("DELETE FROM t WHERE k = 4 AND c = 1");
        db.flush();

        List<Scanned> seen = readAll("SELECT k, c, v FROM t", 10, new ArrayList<>());

        assertThat(seen).hasSize(PARTITIONS * ROWS - ROWS - 1);
        assertThat(seen).noneMatch(r -> r.k() == 3).noneMatch(r -> r.k() == 4 && r.c() == 1);
    }

    @Test
    void pagingStatesOfOtherQueryKindsAreRejected() {
        ResultMessage.Rows partitionPage = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT c FROM t WHERE k = 1", EngineFixture.options(List.of(), null, 1, null)));
        ResultMessage.Rows scanPage = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT c FROM t", EngineFixture.options(List.of(), null, 1, null)));

        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(db.state, "SELECT c FROM t",
                EngineFixture.options(List.of(), null, 1, partitionPage.pagingState()))))
                .isInstanceOf(CqlException.class).hasMessage("Invalid value for the paging state");
        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(db.state, "SELECT c FROM t WHERE k = 1",
                EngineFixture.options(List.of(), null, 1, scanPage.pagingState()))))
                .isInstanceOf(CqlException.class).hasMessage("Invalid value for the paging state");
    }

    @Test
    void selectDistinctReturnsOnePartitionKeyPerPartitionPaged() {
        List<Integer> pageSizes = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        byte[] state = null;
        do {
            ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                    "SELECT DISTINCT k FROM t", EngineFixture.options(List.of(), null, 6, state)));
            pageSizes.add(page.rows().size());
            page.rows().forEach(r -> keys.add(ByteBuffer.wrap(r[0]).getInt()));
            state = page.pagingState();
        } while (state != null);
        ResultMessage.Rows listed = db.rows("SELECT DISTINCT k FROM t WHERE k IN (3, 1, 99)");

        assertThat(keys).hasSize(PARTITIONS).doesNotHaveDuplicates();
        assertThat(pageSizes.get(0)).isEqualTo(6);
        assertThat(listed.rows()).extracting(r -> ByteBuffer.wrap(r[0]).getInt()).containsExactly(1, 3);
        assertThatThrownBy(() -> db.execute("SELECT DISTINCT k, c FROM t")).hasMessage("SELECT DISTINCT queries"
                + " must only request partition key columns and/or static columns (not c)");
        assertThatThrownBy(() -> db.execute("SELECT DISTINCT k FROM t WHERE c = 1 ALLOW FILTERING"))
                .hasMessage("SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or"
                        + " static columns.");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }
}
