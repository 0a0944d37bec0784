package io.almanac.storage.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A {@link StorageFiles} over the real file system that can fail a chosen operation and simulate power loss, after
 * Lucene's {@code MockDirectoryWrapper.crash()} and RocksDB's {@code FaultInjectionTestFS}.
 *
 * <p>What it tracks, for paths under its root: for every file created through it, the length last forced; for every
 * directory, its entries as of its last fsync (entries that existed before the directory was first touched count as
 * durable). {@link #crash} then puts the disk into the state power loss could leave: files truncated to their forced
 * length (or their unsynced tail overwritten with garbage), created/renamed/deleted entries of un-fsynced
 * directories undone (a renamed-over or deleted file comes back with its durable content), directories created
 * without a parent fsync removed. Files it did not create (the Chronicle Queue cycles, which are memory-mapped) are
 * never truncated, and are only removed if their whole directory was never made durable.
 *
 * <p>After {@link #crash} every operation fails with an {@link IOException}: the process is dead; reopen on
 * {@link RealStorageFiles} or a new instance.
 *
 * <p>Faults: {@link #failAt(Kind, int)} fails the n-th following operation of a kind (or of any mutating kind with
 * {@link Kind#ANY}) once; {@link #crashAt(int)} simulates power loss at the n-th following mutating operation.
 *
 * <p>Thread safety: all bookkeeping is synchronized on this object; positional reads of open files are not.
 */
public final class FaultInjectingStorageFiles implements StorageFiles {

    /** Operation kinds that can be failed. {@link #ANY} counts every mutating kind (not {@link #OPEN}). */
    public enum Kind { CREATE, WRITE, FORCE, RENAME, DELETE, DIRSYNC, MKDIR, OPEN, ANY }

    /** One file's identity across renames. */
    private static final class Inode {
        final boolean external;
        long syncedLength;
        Path livePath;
        byte[] captured;

        Inode(boolean external, long syncedLength, Path livePath) {
            this.external = external;
            this.syncedLength = syncedLength;
            this.livePath = livePath;
        }
    }

    /** A directory entry as of the last fsync: a file (its inode) or a directory (inode null). */
    private record Entry(Inode inode) {
        boolean directory() {
            return inode == null;
        }
    }

    private static final long MAX_CAPTURE_BYTES = 16L << 20;

    private final StorageFiles real = RealStorageFiles.instance();
    private final Path root;
    private final Random random;
    private final Map<Path, Inode> live = new HashMap<>();
    private final Map<Path, Map<String, Entry>> durable = new HashMap<>();
    private final Set<Path> createdDirectories = new HashSet<>();
    private final Map<Kind, Integer> counts = new HashMap<>();
    private volatile boolean dead;
    private Kind failKind;
    private int failAfter;
    private boolean crashInsteadOfFail;
    private boolean garbageTail;
    private final List<String> log = new ArrayList<>();

    /**
     * @param root   the directory whose files are tracked (paths outside it pass through untracked)
     * @param random source of garbage bytes for {@link #crash(boolean)}
     */
    public FaultInjectingStorageFiles(Path root, Random random) {
        this.root = normalize(root);
        this.random = random;
    }

    private static Path normalize(Path path) {
        return path.toAbsolutePath().normalize();
    }

    // ---- fault control ----

    /** Fails, once, the {@code nth} (1-based) operation of {@code kind} from now on. */
    public synchronized void failAt(Kind kind, int nth) {
        failKind = kind;
        failAfter = nth;
        crashInsteadOfFail = false;
    }

    /** Simulates power loss at the {@code nth} (1-based) mutating operation from now on, before it takes effect. */
    public synchronized void crashAt(int nth, boolean withGarbageTail) {
        failKind = Kind.ANY;
        failAfter = nth;
        crashInsteadOfFail = true;
        garbageTail = withGarbageTail;
    }

    /** @return whether an armed fault has not fired yet */
    public synchronized boolean armed() {
        return failKind != null;
    }

    /** Disarms any fault and resets the operation counts. */
    public synchronized void reset() {
        failKind = null;
        counts.clear();
        log.clear();
    }

    /** @return operations of {@code kind} since the last {@link #reset} ({@link Kind#ANY}: all mutating ones) */
    public synchronized int count(Kind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** @return the mutating operations since the last {@link #reset}, as "KIND path" (for failure messages) */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    public boolean isDead() {
        return dead;
    }

    private synchronized void step(Kind kind, Path path) throws IOException {
        if (dead) {
            throw new IOException("simulated crash: the process is dead (" + kind + " " + path + ")");
        }
        counts.merge(kind, 1, Integer::sum);
        boolean mutating = kind != Kind.OPEN;
        if (mutating) {
            counts.merge(Kind.ANY, 1, Integer::sum);
            Path absolute = normalize(path);
            log.add(kind + " " + (absolute.startsWith(root) ? root.relativize(absolute) : absolute));
        }
        if (failKind == kind || (failKind == Kind.ANY && mutating)) {
            if (--failAfter == 0) {
                failKind = null;
                if (crashInsteadOfFail) {
                    crash(garbageTail);
                    throw new IOException("simulated power loss at " + kind + " " + path);
                }
                throw new IOException("injected fault at " + kind + " " + path);
            }
        }
    }

    private void checkAlive(Path path) throws IOException {
        if (dead) {
            throw new IOException("simulated crash: the process is dead (" + path + ")");
        }
    }

    // ---- tracking ----

    private boolean tracked(Path path) {
        return path.startsWith(root) && !path.equals(root.getParent());
    }

    /** Records a directory's current entries as durable the first time it is touched. */
    private void track(Path directory) throws IOException {
        if (!tracked(directory) || durable.containsKey(directory) || !real.isDirectory(directory)) {
            return;
        }
        durable.put(directory, snapshot(directory));
    }

    private Map<String, Entry> snapshot(Path directory) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        for (Path child : real.list(directory)) {
            Path path = normalize(child);
            if (real.isDirectory(path)) {
                entries.put(path.getFileName().toString(), new Entry(null));
            } else {
                Inode inode = live.computeIfAbsent(path, p -> new Inode(true, -1, p));
                entries.put(path.getFileName().toString(), new Entry(inode));
            }
        }
        return entries;
    }

    private boolean durablyReferenced(Inode inode) {
        for (Map<String, Entry> entries : durable.values()) {
            for (Entry entry : entries.values()) {
                if (entry.inode() == inode) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keeps the bytes of a file about to lose its name while a durable directory entry still names it. */
    private void unlink(Path path) throws IOException {
        Inode inode = live.remove(path);
        if (inode == null) {
            return;
        }
        inode.livePath = null;
        if (inode.captured == null && durablyReferenced(inode) && real.size(path) <= MAX_CAPTURE_BYTES) {
            inode.captured = real.readAll(path);
        }
    }

    // ---- StorageFiles ----

    @Override
    public WritableFile create(Path file) throws IOException {
        Path path = normalize(file);
        WritableFile out;
        synchronized (this) {
            track(path.getParent());
            step(Kind.CREATE, path);
            if (real.exists(path)) {
                unlink(path);
            }
            out = real.create(path);
            Inode inode = new Inode(false, 0, path);
            if (tracked(path)) {
                live.put(path, inode);
            }
            return new TrackedWritableFile(out, inode, path);
        }
    }

    @Override
    public ReadableFile openForRead(Path file) throws IOException {
        step(Kind.OPEN, file);
        ReadableFile in = real.openForRead(file);
        return new ReadableFile() {
            @Override
            public int read(byte[] bytes, int offset, int length, long positionBytes) throws IOException {
                checkAlive(file);
                return in.read(bytes, offset, length, positionBytes);
            }

            @Override
            public long size() throws IOException {
                checkAlive(file);
                return in.size();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        step(Kind.OPEN, file);
        return real.readAll(file);
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        Path from = normalize(source);
        Path to = normalize(target);
        track(from.getParent());
        track(to.getParent());
        step(Kind.RENAME, to);
        Inode inode = live.get(from);
        if (real.exists(to)) {
            unlink(to);
        }
        real.rename(from, to);
        live.remove(from);
        if (inode != null) {
            inode.livePath = to;
            live.put(to, inode);
        }
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        Path path = normalize(directory);
        track(path);
        step(Kind.DIRSYNC, path);
        real.syncDirectory(path);
        if (tracked(path)) {
            durable.put(path, snapshot(path));
        }
    }

    @Override
    public synchronized boolean delete(Path file) throws IOException {
        Path path = normalize(file);
        track(path.getParent());
        step(Kind.DELETE, path);
        if (!real.exists(path)) {
            return false;
        }
        boolean directory = real.isDirectory(path);
        if (directory) {
            track(path);
        } else {
            unlink(path);
        }
        return real.delete(path);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        checkAlive(directory);
        return real.list(directory);
    }

    @Override
    public synchronized void createDirectories(Path directory) throws IOException {
        Path path = normalize(directory);
        if (real.isDirectory(path)) {
            checkAlive(path);
            return;
        }
        if (path.getParent() != null) {
            createDirectories(path.getParent());
        }
        track(path.getParent());
        step(Kind.MKDIR, path);
        real.createDirectories(path);
        if (tracked(path)) {
            createdDirectories.add(path);
            durable.put(path, new HashMap<>());
        }
    }

    @Override
    public boolean exists(Path path) {
        return !dead && real.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return !dead && real.isDirectory(path);
    }

    @Override
    public long size(Path file) throws IOException {
        checkAlive(file);
        return real.size(file);
    }

    /** A write handle that records the forced length. */
    private final class TrackedWritableFile implements WritableFile {
        private final WritableFile out;
        private final Inode inode;
        private final Path path;

        TrackedWritableFile(WritableFile out, Inode inode, Path path) {
            this.out = out;
            this.inode = inode;
            this.path = path;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            step(Kind.WRITE, path);
            out.write(bytes, offset, length);
        }

        @Override
        public void force() throws IOException {
            step(Kind.FORCE, path);
            out.force();
            synchronized (FaultInjectingStorageFiles.this) {
                inode.syncedLength = out.size();
            }
        }

        @Override
        public long size() {
            return out.size();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    // ---- power loss ----

    /**
     * Simulates power loss: the tracked files and directories are put into the state the disk could be in, and the
     * process is dead from now on (every operation fails).
     *
     * @param withGarbageTail fill each file's unsynced tail with random bytes instead of cutting it off
     */
    public synchronized void crash(boolean withGarbageTail) throws IOException {
        if (dead) {
            return;
        }
        dead = true;
        Map<Inode, byte[]> contents = new IdentityHashMap<>();
        for (Map<String, Entry> entries : durable.values()) {
            for (Entry entry : entries.values()) {
                if (!entry.directory() && !contents.containsKey(entry.inode())) {
                    byte[] bytes = durableContent(entry.inode(), withGarbageTail);
                    if (bytes != null) {
                        contents.put(entry.inode(), bytes);
                    }
                }
            }
        }
        List<Path> directories = new ArrayList<>(durable.keySet());
        directories.sort(Comparator.comparingInt(Path::getNameCount));
        for (Path directory : directories) {
            if (real.isDirectory(directory)) {
                restore(directory, durable.get(directory), contents);
            }
        }
    }

    private byte[] durableContent(Inode inode, boolean withGarbageTail) throws IOException {
        byte[] bytes = inode.livePath != null ? real.readAll(inode.livePath) : inode.captured;
        if (bytes == null || inode.external) {
            return bytes;
        }
        int synced = (int) Math.min(inode.syncedLength, bytes.length);
        if (!withGarbageTail) {
            return java.util.Arrays.copyOf(bytes, synced);
        }
        byte[] torn = bytes.clone();
        for (int i = synced; i < torn.length; i++) {
            torn[i] = (byte) random.nextInt(256);
        }
        return torn;
    }

    private void restore(Path directory, Map<String, Entry> entries, Map<Inode, byte[]> contents)
            throws IOException {
        Set<String> present = new HashSet<>();
        for (Path child : real.list(directory)) {
            Path path = normalize(child);
            String name = path.getFileName().toString();
            Entry wanted = entries.get(name);
            boolean isDirectory = real.isDirectory(path);
            Inode current = isDirectory ? null : live.get(path);
            boolean ours = isDirectory ? createdDirectories.contains(path) : current == null || !current.external;
            if (wanted == null || wanted.directory() != isDirectory) {
                if (ours) {
                    deleteTree(path);
                } else {
                    present.add(name);
                }
                continue;
            }
            present.add(name);
            if (!isDirectory && (wanted.inode() != current || !current.external)) {
                rewrite(path, contents.get(wanted.inode()));
            }
        }
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (present.contains(entry.getKey())) {
                continue;
            }
            Path path = directory.resolve(entry.getKey());
            if (entry.getValue().directory()) {
                real.createDirectories(path);
            } else {
                rewrite(path, contents.get(entry.getValue().inode()));
            }
        }
    }

    private void rewrite(Path path, byte[] content) throws IOException {
        if (content == null) {
            return;
        }
        try (WritableFile out = real.create(path)) {
            out.write(content, 0, content.length);
            out.force();
        }
    }

    private void deleteTree(Path path) throws IOException {
        if (real.isDirectory(path)) {
            for (Path child : real.list(path)) {
                deleteTree(child);
            }
        }
        real.delete(path);
    }
}
