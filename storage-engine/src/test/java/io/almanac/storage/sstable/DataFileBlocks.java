package io.almanac.storage.sstable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: walks the blocks of a version-4 Data.db file ({@link SSTableFormat}) without the reader. */
public final class DataFileBlocks {

    /** One block: its offset in the file, header fields and compressor id. */
    public record Block(long offset, int uncompressedLength, int compressedLength, int compressorId) {
    }

    private DataFileBlocks() {
    }

    /** @return the blocks of {@code dataFile}, in file order */
    public static List<Block> of(Path dataFile) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dataFile)).order(ByteOrder.LITTLE_ENDIAN);
            int at = SSTableFormat.headerBytes(SSTableFormat.DATA);
            int end = bytes.capacity() - SSTableFormat.FOOTER_BYTES;
            List<Block> blocks = new ArrayList<>();
            while (at < end) {
                int compressedLength = bytes.getInt(at + 4);
                blocks.add(new Block(at, bytes.getInt(at), compressedLength, bytes.get(at + 12) & 0xFF));
                at += SSTableFormat.BLOCK_HEADER_BYTES + compressedLength;
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the compressor ids of every block of every Data.db file under {@code directory}, per file name */
    public static List<List<Integer>> compressorIdsUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-Data.db")).sorted()
                    .map(file -> of(file).stream().map(Block::compressorId).distinct().toList()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
