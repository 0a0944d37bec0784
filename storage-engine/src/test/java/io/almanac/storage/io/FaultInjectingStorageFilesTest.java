package io.almanac.storage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectingStorageFilesTest {

    @TempDir
    Path root;

    private final Random random = new Random(42);

    @Test
    void powerLossKeepsForcedBytesAndFsyncedDirectoryEntriesOnly() throws IOException {
        FaultInjectingStorageFiles files = new FaultInjectingStorageFiles(root, random);
        Path synced = root.resolve("synced");
        Path unsyncedEntry = root.resolve("unsynced-entry");
        Path deleted = root.resolve("deleted");
        Files.write(deleted, new byte[] {7});
        try (StorageFiles.WritableFile out = files.create(synced)) {
            out.write(new byte[] {1, 2, 3}, 0, 3);
            out.force();
            out.write(new byte[] {4}, 0, 1);
        }
        files.syncDirectory(root);
        try (StorageFiles.WritableFile out = files.create(unsyncedEntry)) {
            out.write(new byte[] {9}, 0, 1);
            out.force();
        }
        files.delete(deleted);
        files.crash(false);
        assertThat(Files.readAllBytes(synced)).as("cut to the forced length").containsExactly(1, 2, 3);
        assertThat(unsyncedEntry).as("its directory entry was never fsynced").doesNotExist();
        assertThat(Files.readAllBytes(deleted)).as("the delete was never fsynced").containsExactly(7);
        assertThat(files.isDead()).isTrue();
        assertThatThrownBy(() -> files.create(root.resolve("after"))).isInstanceOf(IOException.class);
    }

    @Test
    void anUnsyncedRenameOverAFileIsUndoneAndTheGarbageTailKeepsTheLength() throws IOException {
        Path renames = Files.createDirectory(root.resolve("renames"));
        Path target = renames.resolve("target");
        Files.write(target, new byte[] {1, 1});
        FaultInjectingStorageFiles files = new FaultInjectingStorageFiles(root, random);
        Path temp = DurableFiles.tempOf(target);
        try (StorageFiles.WritableFile out = files.create(temp)) {
            out.write(new byte[] {2, 2, 2, 2}, 0, 4);
            out.force();
        }
        files.rename(temp, target);
        Path torn = root.resolve("torn");
        try (StorageFiles.WritableFile out = files.create(torn)) {
            out.write(new byte[] {5, 5}, 0, 2);
            out.force();
            out.write(new byte[8], 0, 8);
        }
        files.syncDirectory(root);
        files.crash(true);
        assertThat(Files.readAllBytes(target)).as("the old content is back").containsExactly(1, 1);
        assertThat(temp).as("the renamed file never had a durable entry").doesNotExist();
        byte[] tornBytes = Files.readAllBytes(torn);
        assertThat(tornBytes).hasSize(10).startsWith(5, 5);
    }

    @Test
    void aFaultFailsTheNthOperationOfItsKindOnce() throws IOException {
        FaultInjectingStorageFiles files = new FaultInjectingStorageFiles(root, random);
        files.failAt(FaultInjectingStorageFiles.Kind.FORCE, 2);
        try (StorageFiles.WritableFile out = files.create(root.resolve("a"))) {
            out.write(new byte[] {1}, 0, 1);
            out.force();
            assertThatThrownBy(out::force).isInstanceOf(IOException.class).hasMessageContaining("injected");
            out.force();
        }
        assertThat(files.armed()).isFalse();
        assertThat(files.count(FaultInjectingStorageFiles.Kind.FORCE)).isEqualTo(3);
        assertThat(files.isDead()).isFalse();
    }

    @Test
    void aDirectoryCreatedWithoutAParentFsyncVanishesWithItsFiles() throws IOException {
        FaultInjectingStorageFiles files = new FaultInjectingStorageFiles(root, random);
        Path kept = root.resolve("kept");
        new DurableFiles(files).createDirectories(kept.resolve("inner"));
        Path lost = root.resolve("lost");
        files.createDirectories(lost);
        new DurableFiles(files).writeAtomically(lost.resolve("file"), new byte[] {1});
        new DurableFiles(files).writeAtomically(kept.resolve("inner").resolve("file"), new byte[] {3});
        files.crash(false);
        assertThat(lost).doesNotExist();
        assertThat(Files.readAllBytes(kept.resolve("inner").resolve("file"))).containsExactly(3);
    }
}
