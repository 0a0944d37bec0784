package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.partition.PartitionKeys;
import io.almanac.storage.schema.NativeType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token()} against the Murmur3 vectors of Cassandra 5.0.9 (src/test/resources/murmur3-tokens.csv, a copy
 * of ../shared/testdata): the token a driver computes for routing must equal the one CQL returns.
 */
class TokenTest {

    private record Vector(String description, List<String> types, byte[] key, long token) {
    }

    @TempDir
    Path directory;
    EngineFixture db;

    @BeforeEach
    void open() {
        db = EngineFixture.withKeyspace(directory);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void tokenOfEveryVectorMatchesCassandra() throws IOException {
        List<Vector> vectors = vectors();
        Set<String> created = new HashSet<>();
        for (Vector vector : vectors) {
            String table = "t_" + String.join("_", vector.types());
            List<String> keyColumns = new ArrayList<>();
            StringBuilder columns = new StringBuilder();
            for (int i = 0; i < vector.types().size(); i++) {
                keyColumns.add("k" + i);
                columns.append("k").append(i).append(' ').append(vector.types().get(i)).append(", ");
            }
            String keys = String.join(", ", keyColumns);
            if (created.add(table)) {
                db.execute("CREATE TABLE " + table + " (" + columns + "v int, PRIMARY KEY ((" + keys + ")))");
            }
            byte[][] components = vector.types().size() == 1 ? new byte[][] {vector.key()}
                    : PartitionKeys.split(vector.key(), vector.types().size());
            String markers = String.join(", ", keyColumns.stream().map(c -> "?").toList());
            byte[][] values = new byte[components.length + 1][];
            System.arraycopy(components, 0, values, 0, components.length);
            values[components.length] = NativeType.INT.encode(1);
            db.execute("INSERT INTO " + table + " (" + keys + ", v) VALUES (" + markers + ", ?)", values);
            String where = String.join(" AND ", keyColumns.stream().map(c -> c + " = ?").toList());

            ResultMessage.Rows rows = db.rows("SELECT token(" + keys + ") FROM " + table + " WHERE " + where,
                    components);

            assertThat(rows.metadata().columns().get(0).name()).isEqualTo("system.token(" + keys + ")");
            assertThat(rows.metadata().columns().get(0).type()).isEqualTo(NativeType.BIGINT);
            assertThat(NativeType.BIGINT.decode(InsertSelectTest.single(rows)[0]))
                    .as(vector.description()).isEqualTo(vector.token());
        }
        assertThat(vectors).hasSizeGreaterThan(25);
    }

    @Test
    void wellKnownIntVector() {
        db.execute("CREATE TABLE k (k int PRIMARY KEY)");
        db.execute("INSERT INTO k (k) VALUES (1)");

        ResultMessage.Rows rows = db.rows("SELECT token(k) AS t FROM k WHERE k = 1");

        assertThat(NativeType.BIGINT.decode(InsertSelectTest.single(rows)[0])).isEqualTo(-4069959284402364209L);
    }

    private static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                TokenTest.class.getResourceAsStream("/murmur3-tokens.csv"), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",");
                vectors.add(new Vector(fields[0], List.of(fields[1].split(":")),
                        HexFormat.of().parseHex(fields[2]), Long.parseLong(fields[3])));
            }
        }
        return vectors;
    }
}
