package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.QueryOptions;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.NativeType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagingTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
        db.execute("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void tenThousandRowPartitionPagedBy500GivesEveryRowOnceInOrder() {
        insertRows(1, 10_000, 5_000);
        List<Integer> seen = new ArrayList<>();

        int pages = readAllPages("SELECT c FROM t WHERE k = 1", 500, seen);

        assertThat(pages).isEqualTo(20);
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void reversedPagingWalksBackwards() {
        insertRows(1, 1_000, 400);
        List<Integer> seen = new ArrayList<>();

        int pages = readAllPages("SELECT c FROM t WHERE k = 1 ORDER BY c DESC", 300, seen);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(1_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(999 - i);
        }
    }

    @Test
    void limitStopsPagingExactly() {
        insertRows(1, 2_000, -1);
        List<Integer> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();

        QueryOptions options = EngineFixture.options(List.of(), null, 500, null);
        byte[] state;
        do {
            ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                    "SELECT c FROM t WHERE k = 1 AND c >= 100 LIMIT 1234", options));
            pageSizes.add(page.rows().size());
            seen.addAll(InsertSelectTest.ints(page));
            state = page.pagingState();
            options = EngineFixture.options(List.of(), null, 500, state);
        } while (state != null);

        assertThat(pageSizes).containsExactly(500, 500, 234);
        assertThat(seen.get(0)).isEqualTo(100);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1333);
    }

    @Test
    void pagesCrossPartitionsAndClusteringInValues() {
        for (int k = 1; k <= 3; k++) {
            for (int c = 0; c < 5; c++) {
                db.execute("INSERT INTO t (k, c, v) VALUES (" + k + ", " + c + ", " + (k * 100 + c) + ")");
            }
        }
        List<Integer> seen = new ArrayList<>();

        readAllPages("SELECT v FROM t WHERE k IN (3, 1, 2) AND c IN (4, 0, 2)", 2, seen);

        assertThat(seen).containsExactly(100, 102, 104, 200, 202, 204, 300, 302, 304);
    }

    @Test
    void tablesWithoutClusteringPageByPartition() {
        db.execute("CREATE TABLE single (k int PRIMARY KEY, v int)");
        for (int k = 0; k < 5; k++) {
            db.execute("INSERT INTO single (k, v) VALUES (" + k + ", " + k + ")");
        }
        List<Integer> seen = new ArrayList<>();

        int pages = readAllPages("SELECT v FROM single WHERE k IN (0, 1, 2, 3, 4)", 2, seen);

        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void pageEndingAtTheLastRowHasNoPagingState() {
        insertRows(1, 10, -1);

        ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                "SELECT c FROM t WHERE k = 1", EngineFixture.options(List.of(), null, 10, null)));

        assertThat(page.rows()).hasSize(10);
        assertThat(page.pagingState()).isNull();
    }

    @Test
    void foreignPagingStateIsAProtocolError() {
        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(db.state, "SELECT c FROM t WHERE k = 1",
                EngineFixture.options(List.of(), null, 10, new byte[] {9, 9}))))
                .isInstanceOf(CqlException.class).hasMessage("Invalid value for the paging state")
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.PROTOCOL_ERROR));
    }

    @Test
    void orderByWithPartitionInCannotBePaged() {
        assertThatThrownBy(() -> EngineFixture.await(db.processor.query(db.state,
                "SELECT c FROM t WHERE k IN (1, 2) ORDER BY c DESC",
                EngineFixture.options(List.of(), null, 10, null))))
                .hasMessageStartingWith("Cannot page queries with both ORDER BY and a IN restriction");
    }

    /** Inserts rows c = 0..count-1 of partition k through a prepared INSERT, flushing after {@code flushAt}. */
    private void insertRows(int k, int count, int flushAt) {
        ResultMessage.Prepared insert = db.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)");
        for (int c = 0; c < count; c++) {
            if (c == flushAt) {
                db.flush();
            }
            db.executePrepared(insert, EngineFixture.options(List.of(NativeType.INT.encode(k),
                    NativeType.INT.encode(c), NativeType.INT.encode(c)), null, -1, null));
        }
    }

    /** @return the number of pages */
    private int readAllPages(String query, int pageSize, List<Integer> seen) {
        int pages = 0;
        byte[] state = null;
        do {
            ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state, query,
                    EngineFixture.options(List.of(), null, pageSize, state)));
            assertThat(page.rows().size()).isLessThanOrEqualTo(pageSize);
            page.rows().forEach(r -> seen.add(ByteBuffer.wrap(r[0]).getInt()));
            state = page.pagingState();
            pages++;
        } while (state != null);
        return pages;
    }
}
