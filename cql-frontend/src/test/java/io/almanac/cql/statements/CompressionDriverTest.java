package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidConfigurationInQueryException;
import io.almanac.storage.sstable.SSTableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table option {@code compression} through the Java driver: each compressor written and read back, the option
 * shown in system_schema as Cassandra shows it, ALTER applying to later flushes while older files keep reading,
 * invalid options refused with Cassandra's ConfigurationException (0x2300) text.
 */
class CompressionDriverTest extends DriverNodeTest {

    private static final String PACKAGE = "org.apache.cassandra.io.compress.";

    /** Per table name, the compression option and the compressor id its Data.db blocks must carry. */
    private static final Map<String, Map.Entry<String, Integer>> TABLES = Map.of(
            "lz4", Map.entry("{'class': 'LZ4Compressor', 'lz4_compressor_type': 'high'}", 1),
            "deflate", Map.entry("{'class': 'DeflateCompressor', 'chunk_length_in_kb': '64'}", 2),
            "snappy", Map.entry("{'class': 'org.apache.cassandra.io.compress.SnappyCompressor'}", 3),
            "zstd", Map.entry("{'class': 'ZstdCompressor', 'compression_level': '5'}", 4),
            "off", Map.entry("{'enabled': 'false'}", 0),
            "noop", Map.entry("{'class': 'NoopCompressor'}", 0));

    @Test
    void everyCompressorWritesAndReadsBack() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            for (var table : TABLES.entrySet()) {
                session.execute("CREATE TABLE ks." + table.getKey() + " (k text, c int, v double, note text,"
                        + " PRIMARY KEY (k, c)) WITH compression = " + table.getValue().getKey());
                insertRows(session, table.getKey(), 0, 80);
            }
            node.db.flush();
            for (var table : TABLES.entrySet()) {
                assertThat(compressorIds(table.getKey())).as(table.getKey())
                        .containsExactly(table.getValue().getValue());
                assertRows(session, table.getKey(), 80);
            }
            assertThat(compressionOf(session, "zstd")).isEqualTo(Map.of("class", PACKAGE + "ZstdCompressor",
                    "chunk_length_in_kb", "16", "compression_level", "5"));
            assertThat(compressionOf(session, "off")).isEqualTo(Map.of("enabled", "false"));
            assertThat(session.getMetadata().getKeyspace("ks").orElseThrow().getTable("snappy").orElseThrow()
                    .describe(false)).contains("compression = {'chunk_length_in_kb':'16','class':'" + PACKAGE
                    + "SnappyCompressor'}");
        }
    }

    @Test
    void alterAppliesToLaterFlushesAndOlderFilesKeepReading() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            session.execute("CREATE TABLE ks.t (k text, c int, v double, note text, PRIMARY KEY (k, c))");
            assertThat(compressionOf(session, "t")).isEqualTo(Map.of("class", PACKAGE + "LZ4Compressor",
                    "chunk_length_in_kb", "16"));
            insertRows(session, "t", 0, 100);
            node.db.flush();
            session.execute("ALTER TABLE ks.t WITH compression = {'enabled': 'false'}");
            insertRows(session, "t", 100, 200);
            node.db.flush();
            session.execute("ALTER TABLE ks.t WITH compression = {'class': 'DeflateCompressor'}");
            insertRows(session, "t", 200, 300);
            node.db.flush();
            assertThat(compressorIds("t")).containsExactlyInAnyOrder(0, 1, 2);
            assertRows(session, "t", 300);
            assertThat(compressionOf(session, "t")).isEqualTo(Map.of("class", PACKAGE + "DeflateCompressor",
                    "chunk_length_in_kb", "16"));
        }
    }

    @Test
    void invalidOptionsAreRefusedWithCassandrasMessages() {
        try (CqlSession session = node.connect()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                    + " 'replication_factor': 1}");
            String create = "CREATE TABLE ks.t (k text PRIMARY KEY, v int) WITH compression = ";
            assertRefused(session, create + "{'class': 'BrotliCompressor'}",
                    "Could not create Compression for type " + PACKAGE + "BrotliCompressor");
            assertRefused(session, create + "{'foo': 'x'}", "Missing sub-option 'class' for the 'compression' option.");
            assertRefused(session, create + "{'class': 'LZ4Compressor', 'foo': 'x'}",
                    "Unknown compression options foo");
            assertRefused(session, create + "{'class': ''}",
                    "The 'class' option must not be empty. To disable compression use 'enabled' : false");
            assertRefused(session, create + "{'class': 'LZ4Compressor', 'chunk_length_in_kb': '24'}",
                    "chunk_length_in_kb must be a power of 2");
            assertRefused(session, create + "{'enabled': 'false', 'class': 'LZ4Compressor'}",
                    "If the 'enabled' option is set to false no other options must be specified");
            assertThat(session.getMetadata().getKeyspace("ks").orElseThrow().getTable("t")).isEmpty();
            session.execute(create + "{'class': 'SnappyCompressor'}");
            assertRefused(session, "ALTER TABLE ks.t WITH compression = {'class': 'ZstdCompressor',"
                    + " 'compression_level': '99'}", "ZstdCompressor.create() threw an error:"
                    + " java.lang.IllegalArgumentException compression_level=99 is invalid");
            assertThat(compressionOf(session, "t")).containsEntry("class", PACKAGE + "SnappyCompressor");
        }
    }

    private static void assertRefused(CqlSession session, String cql, String message) {
        assertThatThrownBy(() -> session.execute(cql)).isInstanceOf(InvalidConfigurationInQueryException.class)
                .hasMessage(message);
    }

    private static void insertRows(CqlSession session, String table, int from, int to) {
        for (int c = from; c < to; c++) {
            session.execute("INSERT INTO ks." + table + " (k, c, v, note) VALUES ('dev', " + c + ", " + (c * 0.25)
                    + ", 'reading " + (c % 9) + "')");
        }
    }

    private static void assertRows(CqlSession session, String table, int count) {
        List<Row> rows = session.execute("SELECT c, v, note FROM ks." + table + " WHERE k = 'dev'").all();
        assertThat(rows).hasSize(count);
        for (int c = 0; c < count; c++) {
            assertThat(rows.get(c).getInt("c")).isEqualTo(c);
            assertThat(rows.get(c).getDouble("v")).isEqualTo(c * 0.25);
            assertThat(rows.get(c).getString("note")).isEqualTo("reading " + (c % 9));
        }
    }

    private static Map<String, String> compressionOf(CqlSession session, String table) {
        return session.execute("SELECT compression FROM system_schema.tables WHERE keyspace_name = 'ks'"
                + " AND table_name = '" + table + "'").one().getMap("compression", String.class, String.class);
    }

    /** @return the compressor ids of the first block of each Data.db file of table {@code ks.<table>} */
    private Set<Integer> compressorIds(String table) {
        int idAt = SSTableFormat.headerBytes(SSTableFormat.DATA) + SSTableFormat.BLOCK_HEADER_BYTES - 1;
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getParent().getFileName().toString().startsWith(table + "-")
                            && file.getFileName().toString().endsWith("-Data.db"))
                    .map(file -> {
                        try {
                            return Files.readAllBytes(file)[idAt] & 0xFF;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
