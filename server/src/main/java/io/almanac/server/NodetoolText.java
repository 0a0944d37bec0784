package io.almanac.server;

import java.util.List;
import java.util.Locale;

/**
 * Renders nodetool answers as text shaped after Cassandra's nodetool (the {@code --json} form is the records as
 * JSON).
 *
 * <p>Thread safety: stateless.
 */
final class NodetoolText {

    private NodetoolText() {
    }

    static String status(NodeStatus status) {
        return "Datacenter: " + status.dataCenter() + "\n"
                + "=======================\n"
                + "Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n"
                + String.format(Locale.ROOT, "--  %-15s %-12s %-7s %-38s %s%n", "Address", "Load", "Tokens",
                        "Host ID", "Rack")
                + String.format(Locale.ROOT, "%-3s %-15s %-12s %-7d %-38s %s%n", status.state(), status.address(),
                        kibibytes(status.loadBytes()), status.tokens(), status.hostId(), status.rack());
    }

    static String tableStats(List<TableStats> tables) {
        StringBuilder text = new StringBuilder("Total number of tables: ").append(tables.size()).append('\n');
        String keyspace = null;
        for (TableStats table : tables) {
            if (!table.keyspace().equals(keyspace)) {
                keyspace = table.keyspace();
                text.append("----------------\nKeyspace : ").append(keyspace).append('\n');
            }
            text.append("\tTable: ").append(table.table()).append('\n')
                    .append("\tCompaction strategy: ").append(table.compactionClass()).append('\n')
                    .append("\tSSTable count: ").append(table.sstableCount()).append('\n');
            if (!table.windows().isEmpty()) {
                text.append("\tSSTables in each compaction window:\n");
                for (TableStats.Window window : table.windows()) {
                    text.append(String.format(Locale.ROOT, "\t\t%s: %d SSTables, %d bytes, %d rows%n",
                            window.start(), window.sstables(), window.sizeBytes(), window.rows()));
                }
            }
            text.append("\tSpace used (live): ").append(table.spaceUsedBytes()).append('\n')
                    .append("\tNumber of partitions (estimate): ").append(table.partitions()).append('\n')
                    .append("\tNumber of rows (estimate): ").append(table.rows()).append('\n')
                    .append(String.format(Locale.ROOT, "\tBytes per row: %.2f%n", table.bytesPerRow()))
                    .append("\tTombstones: ").append(table.tombstones()).append('\n')
                    .append("\tSSTables dropped by the TTL sweeper (recent): ").append(table.sweeperDroppedSSTables())
                    .append(" (").append(table.sweeperDroppedBytes()).append(" bytes)\n\n");
        }
        return text.toString();
    }

    private static String kibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }
}
