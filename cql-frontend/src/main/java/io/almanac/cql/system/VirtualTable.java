package io.almanac.cql.system;

import io.almanac.storage.schema.TableMetadata;
import java.util.List;

/**
 * A read-only table whose rows are computed on demand rather than stored: {@code system.local},
 * {@code system.peers}, {@code system_schema.*}, {@code system_virtual_schema.*}. SELECTs on it are answered by the
 * same statement code as stored tables (restrictions, projection, ORDER BY, LIMIT, paging), over {@link #rows()}.
 *
 * <p>Thread safety: {@link #rows()} may be called from any thread and reads the current schema each time.
 */
public interface VirtualTable {

    /** @return the table's definition (keyspace, name, columns with kinds and types) */
    TableMetadata metadata();

    /**
     * @return every row, each holding one serialized value per column of {@code metadata().columns()} (in that
     *         order; {@code null} for CQL null), sorted by partition key then clustering
     */
    List<byte[][]> rows();
}
