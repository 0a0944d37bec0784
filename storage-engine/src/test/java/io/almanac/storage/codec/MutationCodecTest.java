package io.almanac.storage.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.data.Cell;
import io.almanac.storage.data.Clustering;
import io.almanac.storage.data.ClusteringBound;
import io.almanac.storage.data.DecoratedKey;
import io.almanac.storage.data.DeletionTime;
import io.almanac.storage.data.Mutation;
import io.almanac.storage.data.RangeTombstone;
import io.almanac.storage.data.Row;
import io.almanac.storage.schema.ClusteringOrder;
import io.almanac.storage.schema.ColumnKind;
import io.almanac.storage.schema.ColumnMetadata;
import io.almanac.storage.schema.NativeType;
import io.almanac.storage.schema.TableMetadata;
import io.almanac.storage.schema.TableParams;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class MutationCodecTest {

    static final UUID ID = UUID.fromString("11111111-2222-4333-8444-555555555555");

    static TableMetadata table(String... regular) {
        List<ColumnMetadata> columns = new ArrayList<>();
        columns.add(new ColumnMetadata("k", NativeType.BLOB, ColumnKind.PARTITION_KEY, 0, ClusteringOrder.NONE));
        columns.add(new ColumnMetadata("c", NativeType.BIGINT, ColumnKind.CLUSTERING, 0, ClusteringOrder.DESC));
        for (String name : regular) {
            columns.add(new ColumnMetadata(name, NativeType.BLOB, ColumnKind.REGULAR, -1, ClusteringOrder.NONE));
        }
        return new TableMetadata("ks", "t", ID, columns, TableParams.DEFAULT);
    }

    /** 200 random mutations from a fixed seed (printed in the failure message), encoded then decoded. */
    @Test
    void encodeDecodeRoundTrips() {
        long seed = 0x5EED_C0DECL;
        java.util.Random random = new java.util.Random(seed);
        for (int run = 0; run < 200; run++) {
            byte[] key = new byte[1 + random.nextInt(40)];
            random.nextBytes(key);
            byte[] value = new byte[random.nextInt(101)];
            random.nextBytes(value);
            roundTrip(key, random.nextInt(6), random.nextLong(), random.nextInt(1001), value, random.nextBoolean(),
                    "seed " + seed + " run " + run);
        }
    }

    private static void roundTrip(byte[] key, int rows, long timestamp, int ttl, byte[] value, boolean deletePartition,
                                  String description) {
        TableMetadata table = table("a", "b", "c2");
        TableLayout layout = TableLayout.of(table);
        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Cell[] cells = {Cell.live(timestamp, ttl, 1000, value), null, Cell.tombstone(timestamp + i, 99)};
            expected.add(new Row(Clustering.of(NativeType.BIGINT.encode(i)), i % 2 == 0 ? Cell.live(timestamp, 0, 0,
                    Row.MARKER_VALUE) : null, i == 3 ? new DeletionTime(timestamp, 7) : null, cells));
        }
        Mutation mutation = new Mutation(table, DecoratedKey.of(key),
                deletePartition ? new DeletionTime(timestamp, 5) : null, expected);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int end = MutationCodec.encode(buffer, 3, 42, mutation, layout.columnNames());
        assertThat(end - 3).isEqualTo(MutationCodec.encodedSize(mutation, layout.columnNames()));
        assertThat(MutationCodec.correlationId(buffer, 3)).isEqualTo(42);
        DecodedMutation decoded = new DecodedMutation();
        DecodeCursor cursor = new DecodeCursor().wrap(buffer, 3, end - 3);
        MutationCodec.decodeHeader(cursor, decoded);
        MutationCodec.decodeRows(cursor, layout, decoded);
        assertThat(cursor.hasRemaining()).isFalse();
        assertThat(decoded.key()).isEqualTo(mutation.key());
        assertThat(decoded.partitionDeletion()).isEqualTo(mutation.partitionDeletion());
        assertThat(decoded.rows()).as(description).isEqualTo(expected);
        assertThat(new UUID(decoded.tableIdMostSignificantBits(), decoded.tableIdLeastSignificantBits())).isEqualTo(ID);
    }

    @Test
    void rangeTombstonesRoundTripWithEveryBoundKind() {
        TableMetadata table = table("a");
        TableLayout layout = TableLayout.of(table);
        Clustering one = Clustering.of(NativeType.BIGINT.encode(1));
        Clustering nine = Clustering.of(NativeType.BIGINT.encode(9));
        List<RangeTombstone> tombstones = List.of(
                new RangeTombstone(ClusteringBound.inclusive(one), ClusteringBound.exclusive(nine),
                        new DeletionTime(10, 20)),
                new RangeTombstone(ClusteringBound.exclusive(one), ClusteringBound.inclusive(nine),
                        new DeletionTime(11, 21)),
                new RangeTombstone(ClusteringBound.UNBOUNDED, ClusteringBound.UNBOUNDED, new DeletionTime(12, 22)),
                RangeTombstone.prefix(nine, new DeletionTime(13, 23)));
        Row row = new Row(one, null, null, new Cell[] {Cell.live(5, 0, 0, new byte[] {1})});
        Mutation mutation = new Mutation(table, DecoratedKey.of(new byte[] {7}), new DeletionTime(1, 2),
                List.of(row), tombstones);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int end = MutationCodec.encode(buffer, 0, 1, mutation, layout.columnNames());
        assertThat(end).isEqualTo(MutationCodec.encodedSize(mutation, layout.columnNames()));
        DecodedMutation decoded = new DecodedMutation();
        DecodeCursor cursor = new DecodeCursor().wrap(buffer, 0, end);
        MutationCodec.decodeHeader(cursor, decoded);
        MutationCodec.decodeRows(cursor, layout, decoded);
        assertThat(cursor.hasRemaining()).isFalse();
        assertThat(decoded.rangeTombstones()).isEqualTo(tombstones);
        assertThat(decoded.partitionDeletion()).isEqualTo(new DeletionTime(1, 2));
        assertThat(decoded.rows()).containsExactly(row);
    }

    @Test
    void cellsAreMappedByColumnNameOntoAnotherLayout() {
        TableMetadata before = table("a", "b");
        TableMetadata after = table("b", "new", "a");
        Row row = new Row(Clustering.of(NativeType.BIGINT.encode(1)), null, null,
                new Cell[] {Cell.live(1, 0, 0, new byte[] {1}), Cell.live(2, 0, 0, new byte[] {2})});
        Mutation mutation = Mutation.of(before, DecoratedKey.of(new byte[] {9}), List.of(row));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int end = MutationCodec.encode(buffer, 0, 1, mutation, TableLayout.of(before).columnNames());
        DecodedMutation decoded = new DecodedMutation();
        DecodeCursor cursor = new DecodeCursor().wrap(buffer, 0, end);
        MutationCodec.decodeHeader(cursor, decoded);
        MutationCodec.decodeRows(cursor, TableLayout.of(after), decoded);
        Cell[] cells = decoded.rows().get(0).cells();
        assertThat(cells[0].value()).containsExactly(2);
        assertThat(cells[1]).isNull();
        assertThat(cells[2].value()).containsExactly(1);
    }

    @Test
    void truncatedRecordsAreMalformedNotMisread() {
        TableMetadata table = table("a");
        Row row = new Row(Clustering.of(NativeType.BIGINT.encode(1)), null, null,
                new Cell[] {Cell.live(1, 0, 0, new byte[] {1, 2, 3})});
        Mutation mutation = Mutation.of(table, DecoratedKey.of(new byte[] {9}), List.of(row));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int end = MutationCodec.encode(buffer, 0, 1, mutation, TableLayout.of(table).columnNames());
        DecodedMutation decoded = new DecodedMutation();
        DecodeCursor cursor = new DecodeCursor().wrap(new UnsafeBuffer(buffer.byteArray()), 0, end - 2);
        assertThatThrownBy(() -> {
            MutationCodec.decodeHeader(cursor, decoded);
            MutationCodec.decodeRows(cursor, TableLayout.of(table), decoded);
        }).isInstanceOf(MalformedDataException.class).hasMessageContaining("truncated");
    }
}
