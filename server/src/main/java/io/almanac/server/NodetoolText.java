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
                    text.append(String.format(Locale.ROOT,
                            "\t\t%s: %d SSTables, %d bytes, %d rows, %d droppable tombstones%n", window.start(),
                            window.sstables(), window.sizeBytes(), window.rows(), window.droppableTombstones()));
                }
            }
            text.append("\tSpace used (live): ").append(table.spaceUsedBytes()).append('\n')
                    .append("\tNumber of partitions (estimate): ").append(table.partitions()).append('\n')
                    .append("\tNumber of rows (estimate): ").append(table.rows()).append('\n')
                    .append(String.format(Locale.ROOT, "\tBytes per row: %.2f%n", table.bytesPerRow()))
                    .append("\tTombstones: ").append(table.tombstones()).append('\n')
                    .append("\tEstimated droppable tombstones: ").append(table.droppableTombstones()).append('\n')
                    .append(String.format(Locale.ROOT, "\tDroppable tombstone ratio: %.5f%n",
                            table.droppableTombstoneRatio()))
                    .append("\tSSTables dropped by the TTL sweeper (recent): ").append(table.sweeperDroppedSSTables())
                    .append(" (").append(table.sweeperDroppedBytes()).append(" bytes)\n\n");
        }
        return text.toString();
    }

    /** Cassandra's compactionstats: pending tasks, a table of running compactions, the remaining time. */
    static String compactionStats(CompactionStats stats) {
        StringBuilder text = new StringBuilder("pending tasks: ").append(stats.pendingTasks()).append('\n');
        if (!stats.compactions().isEmpty()) {
            List<String[]> lines = new java.util.ArrayList<>();
            lines.add(new String[] {"id", "compaction type", "keyspace", "table", "completed", "total", "unit",
                "progress"});
            for (CompactionStats.Active active : stats.compactions()) {
                lines.add(new String[] {active.id(), active.compactionType(), active.keyspace(), active.table(),
                    Long.toString(active.completed()), Long.toString(active.total()), active.unit(),
                    active.progress()});
            }
            appendTable(text, lines);
        }
        return text.append("Active compaction remaining time : ").append(stats.remainingTime()).append('\n')
                .toString();
    }

    /** Cassandra's getsstables: the Data.db path of each SSTable holding the key, one a line. */
    static String sstables(List<SSTableLocation> sstables) {
        StringBuilder text = new StringBuilder();
        for (SSTableLocation sstable : sstables) {
            text.append(sstable.dataFile()).append('\n');
        }
        return text.toString();
    }

    /** Left-aligned columns, each as wide as its widest cell, separated by one space (nodetool's TableBuilder). */
    private static void appendTable(StringBuilder text, List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                row.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i]));
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
    }

    private static String kibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }
}
