package io.almanac.cql.statements;

import io.almanac.cql.query.ResultMessage;
import io.almanac.storage.schema.CqlType;
import io.almanac.storage.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One execution of a SELECT on a virtual table: {@code VirtualTable.rows()} filtered in memory by the WHERE
 * restrictions (equality, IN and ranges on any column, {@code token(...)} ranges), reversed within each partition
 * for a reversed ORDER BY, then cut by LIMIT and into pages by row offset.
 *
 * <p>Thread safety: confined to one thread.
 */
final class VirtualTableQuery {

    /** One restriction with its values bound. */
    private record BoundRestriction(int index, CqlType type, List<byte[]> equal, byte[] lower,
                                    boolean lowerInclusive, byte[] upper, boolean upperInclusive) {

        boolean matches(byte[] value) {
            if (value == null) {
                return false;
            }
            if (equal != null) {
                return equal.stream().anyMatch(e -> type.compare(value, e) == 0);
            }
            if (lower != null) {
                int c = type.compare(value, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = type.compare(value, upper);
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        }
    }

    private final SelectStatement statement;
    private final Selection selection;
    private final List<BoundRestriction> filters = new ArrayList<>();
    private final BoundRestriction tokenFilter;
    private final int limit;
    private final int pageSize;
    private final PagingState resume;

    /**
     * @param values   the bound values in marker order
     * @param limit    LIMIT, or {@link Integer#MAX_VALUE}
     * @param pageSize rows per page, or {@link Integer#MAX_VALUE}
     * @param resume   the previous page's state, or null
     */
    VirtualTableQuery(SelectStatement statement, List<byte[]> values, int limit, int pageSize, PagingState resume) {
        this.statement = statement;
        this.selection = statement.selection().bind(values);
        this.limit = limit;
        this.pageSize = pageSize;
        this.resume = resume;
        TableMetadata table = statement.target().metadata();
        for (ColumnRestriction restriction : statement.restrictions().all()) {
            filters.add(bind(restriction, table.columns().indexOf(restriction.column()), values));
        }
        ColumnRestriction token = statement.restrictions().token();
        this.tokenFilter = token == null ? null : bind(token, -1, values);
    }

    private static BoundRestriction bind(ColumnRestriction restriction, int index, List<byte[]> values) {
        List<byte[]> equal = restriction.isEqual() || restriction.isIn() ? restriction.equalityValues(values) : null;
        return new BoundRestriction(index, restriction.type(), equal, restriction.lowerValue(values),
                restriction.lowerInclusive(), restriction.upperValue(values), restriction.upperInclusive());
    }

    ResultMessage.Rows execute() {
        List<byte[][]> matching = new ArrayList<>();
        for (byte[][] row : statement.target().virtual().rows()) {
            if (matches(row)) {
                matching.add(row);
            }
        }
        if (statement.reversed()) {
            reverseWithinPartitions(matching);
        }
        int offset = resume == null ? 0 : resume.offset();
        int remaining = resume == null ? limit : resume.remaining();
        int available = Math.max(0, matching.size() - offset);
        int count = Math.min(available, Math.min(pageSize, remaining));
        List<byte[][]> page = new ArrayList<>(count);
        for (int i = offset; i < offset + count; i++) {
            page.add(selection.virtualRow(matching.get(i)));
        }
        boolean more = count < available && remaining - count > 0 && pageSize != Integer.MAX_VALUE;
        byte[] paging = more ? PagingState.virtualTable(offset + count, remaining - count).serialize() : null;
        return new ResultMessage.Rows(statement.selection().metadata(), page, paging);
    }

    private boolean matches(byte[][] row) {
        for (BoundRestriction filter : filters) {
            if (!filter.matches(row[filter.index()])) {
                return false;
            }
        }
        if (tokenFilter != null) {
            long token = statement.selection().virtualToken(row);
            return tokenFilter.matches(ByteBuffer.allocate(8).putLong(token).array());
        }
        return true;
    }

    /** Rows come sorted by partition then clustering; a reversed ORDER BY reverses each partition's rows. */
    private void reverseWithinPartitions(List<byte[][]> rows) {
        TableMetadata table = statement.target().metadata();
        int[] keyIndexes = table.partitionKeyColumns().stream().mapToInt(c -> table.columns().indexOf(c)).toArray();
        int start = 0;
        for (int i = 1; i <= rows.size(); i++) {
            if (i == rows.size() || !samePartition(rows.get(start), rows.get(i), keyIndexes)) {
                Collections.reverse(rows.subList(start, i));
                start = i;
            }
        }
    }

    private static boolean samePartition(byte[][] left, byte[][] right, int[] keyIndexes) {
        for (int index : keyIndexes) {
            if (!Arrays.equals(left[index], right[index])) {
                return false;
            }
        }
        return true;
    }
}
