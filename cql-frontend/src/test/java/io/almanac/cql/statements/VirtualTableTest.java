package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.CqlException;
import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.partition.Murmur3Partitioner;
import io.almanac.storage.schema.InvalidRequestException;
import io.almanac.storage.schema.NativeType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queries drivers send at connect (reference §2.1) against a fixture of virtual tables. */
class VirtualTableTest {

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = new EngineFixture(directory, new TestVirtualTables(25));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void localTableQueries() {
        assertThat(text(db.rows("SELECT cluster_name FROM system.local"))).containsExactly("Test Cluster");
        ResultMessage.Rows star = db.rows("SELECT * FROM system.local WHERE key='local'");
        assertThat(star.metadata().columns()).extracting(ColumnSpec::name)
                .containsExactly("key", "cluster_name", "host_id", "release_version", "tokens");
        assertThat(NativeType.UUID.decode(InsertSelectTest.single(star)[2])).isEqualTo(TestVirtualTables.HOST_ID);
        assertThat(db.rows("SELECT release_version FROM system.local WHERE key = 'remote'").rows()).isEmpty();
        assertThat(db.rows("select * from SYSTEM.\"local\"").rows()).hasSize(1);
    }

    @Test
    void peersByNamedValuesPreparedAndQueried() throws Exception {
        String query = "SELECT * FROM system.peers_v2 WHERE peer = :address and peer_port = :port";
        ResultMessage.Prepared prepared = db.prepare(query);
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::name)
                .containsExactly("address", "port");
        assertThat(prepared.bindVariables().columns()).extracting(ColumnSpec::type)
                .containsExactly(NativeType.INET, NativeType.INT);

        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(prepared, EngineFixture.options(
                List.of(NativeType.INT.encode(7001), NativeType.INET.encode(InetAddress.getByName("127.0.0.2"))),
                List.of("port", "address"), 5000, null));

        assertThat(rows.rows()).singleElement().satisfies(r ->
                assertThat(NativeType.TEXT.decode(r[2])).isEqualTo("dc1"));
        assertThat(db.rows("SELECT * FROM system.peers_v2").rows()).hasSize(3);
        assertThat(db.rows("SELECT data_center FROM system.peers_v2 WHERE peer = '127.0.0.3'").rows()).hasSize(1);
    }

    @Test
    void schemaTablesWithInListsAndListLiterals() {
        assertThat(db.rows("SELECT * FROM system_schema.columns WHERE keyspace_name IN ('ks_b', 'nope')").rows())
                .hasSize(25);
        assertThat(db.rows("SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'ks_a'"
                + " AND table_name = 't' AND column_name >= 'c0020'").rows()).hasSize(5);
        assertThat(text(db.rows("SELECT body FROM system_schema.functions WHERE keyspace_name = 'ks_a'"
                + " AND function_name = 'f' AND argument_types = ['int', 'text']"))).containsExactly("return 2;");
        ResultMessage.Prepared prepared = db.prepare("SELECT table_name, column_name, type FROM"
                + " system_schema.columns WHERE keyspace_name = ?");
        ResultMessage.Rows rows = (ResultMessage.Rows) db.executePrepared(prepared, EngineFixture.options(
                List.of(NativeType.TEXT.encode("ks_a")), null, -1, null));
        assertThat(rows.rows()).hasSize(25);
    }

    @Test
    void pagingByOffsetWithLimit() {
        List<String> seen = new ArrayList<>();
        byte[] state = null;
        int pages = 0;
        do {
            ResultMessage.Rows page = (ResultMessage.Rows) EngineFixture.await(db.processor.query(db.state,
                    "SELECT column_name FROM system_schema.columns LIMIT 40",
                    EngineFixture.options(List.of(), null, 7, state)));
            seen.addAll(text(page));
            state = page.pagingState();
            pages++;
        } while (state != null);

        assertThat(seen).hasSize(40);
        assertThat(pages).isEqualTo(6);
        assertThat(seen.get(25)).isEqualTo("c0000");
    }

    @Test
    void orderByDescReversesWithinThePartition() {
        List<String> names = text(db.rows("SELECT column_name FROM system_schema.columns WHERE keyspace_name ="
                + " 'ks_a' ORDER BY table_name DESC, column_name DESC LIMIT 3"));

        assertThat(names).containsExactly("c0024", "c0023", "c0022");
    }

    @Test
    void tokenRangesFilterVirtualRows() {
        long tokenA = Murmur3Partitioner.token(NativeType.TEXT.encode("ks_a"));
        long tokenB = Murmur3Partitioner.token(NativeType.TEXT.encode("ks_b"));
        long low = Math.min(tokenA, tokenB);

        ResultMessage.Rows rows = db.rows("SELECT keyspace_name, token(keyspace_name) FROM system_schema.columns"
                + " WHERE token(keyspace_name) > ?", NativeType.BIGINT.encode(low));

        assertThat(rows.rows()).hasSize(25).allSatisfy(r ->
                assertThat(NativeType.BIGINT.decode(r[1])).isEqualTo(Math.max(tokenA, tokenB)));
    }

    @Test
    void filteringOnRegularColumnsNeedsAllowFiltering() {
        assertThatThrownBy(() -> db.execute("SELECT * FROM system.peers_v2 WHERE data_center = 'dc1'"))
                .hasMessageStartingWith("Cannot execute this query as it might involve data filtering");
        assertThat(db.rows("SELECT * FROM system.peers_v2 WHERE data_center = 'dc1' ALLOW FILTERING").rows())
                .hasSize(2);
    }

    @Test
    void unknownVirtualTablesAndWrites() {
        assertThatThrownBy(() -> db.execute("SELECT * FROM system.schema_keyspaces"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("table schema_keyspaces does not exist");
        assertThatThrownBy(() -> db.execute("INSERT INTO system.peers_v2 (peer, peer_port) VALUES ('1.1.1.1', 1)"))
                .isInstanceOf(CqlException.class).hasMessage("system keyspace is not user-modifiable.")
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(CqlException.UNAUTHORIZED));
        assertThat(db.execute("USE system")).isEqualTo(new ResultMessage.SetKeyspace("system"));
        assertThat(text(db.rows("SELECT cluster_name FROM local"))).containsExactly("Test Cluster");
    }

    private static List<String> text(ResultMessage.Rows rows) {
        return rows.rows().stream().map(r -> (String) NativeType.TEXT.decode(r[0])).toList();
    }
}
