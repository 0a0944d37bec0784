package io.almanac.storage.sstable;

import io.almanac.storage.io.DurableFiles;
import io.almanac.storage.io.StorageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Names the files of one SSTable generation: {@code <directory>/<generation>-<Component>.db} and
 * {@code <generation>-TOC.txt}.
 *
 * @param directory  the table's data directory
 * @param generation the generation number, unique within the directory
 */
public record SSTableDescriptor(Path directory, long generation) {

    public static final String TOC = "TOC.txt";
    static final List<String> COMPONENTS = List.of(SSTableFormat.DATA, SSTableFormat.INDEX, SSTableFormat.FILTER,
            SSTableFormat.STATISTICS);

    /** @return the path of a binary component ({@code Data}, {@code Index}, ...) */
    public Path component(String name) {
        return directory.resolve(generation + "-" + name + ".db");
    }

    public Path toc() {
        return directory.resolve(generation + "-" + TOC);
    }

    /** @return every file of this generation that exists, with the TOC last */
    public List<Path> existingFiles(StorageFiles seam) {
        List<Path> files = new ArrayList<>();
        for (String name : COMPONENTS) {
            Path path = component(name);
            if (seam.exists(path)) {
                files.add(path);
            }
        }
        if (seam.exists(toc())) {
            files.add(toc());
        }
        return files;
    }

    /**
     * Deletes the TOC first and fsyncs the directory (so a crash midway leaves garbage, not a half SSTable, and a
     * deleted SSTable does not come back after power loss), then the components.
     */
    public void delete(StorageFiles seam) {
        try {
            seam.delete(toc());
            seam.syncDirectory(directory);
            for (String name : COMPONENTS) {
                seam.delete(component(name));
                seam.delete(DurableFiles.tempOf(component(name)));
            }
            seam.delete(DurableFiles.tempOf(toc()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete SSTable " + generation + " in " + directory, e);
        }
    }

    /** @return {@code <data>/data/<keyspace>/<table>-<table id without dashes>} */
    public static Path tableDirectory(Path dataDirectory, String keyspace, String table, UUID tableId) {
        return dataDirectory.resolve("data").resolve(keyspace)
                .resolve(table + "-" + tableId.toString().replace("-", ""));
    }

    /**
     * Lists the complete generations of a table directory, deleting temp files and generations without a TOC
     * (left by a crash during a flush or compaction).
     *
     * @return the complete generations in ascending order; empty when the directory does not exist
     */
    public static List<SSTableDescriptor> listAndCleanUp(StorageFiles seam, Path directory) {
        if (!seam.isDirectory(directory)) {
            return List.of();
        }
        Map<Long, Boolean> generations = new TreeMap<>();
        try {
            for (Path file : seam.list(directory)) {
                String name = file.getFileName().toString();
                if (name.endsWith(DurableFiles.TEMP_SUFFIX)) {
                    seam.delete(file);
                    continue;
                }
                int dash = name.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                long generation;
                try {
                    generation = Long.parseLong(name.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                generations.merge(generation, name.endsWith("-" + TOC), Boolean::logicalOr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        List<SSTableDescriptor> complete = new ArrayList<>();
        generations.forEach((generation, hasToc) -> {
            SSTableDescriptor descriptor = new SSTableDescriptor(directory, generation);
            if (hasToc) {
                complete.add(descriptor);
            } else {
                descriptor.delete(seam);
            }
        });
        return complete;
    }
}
