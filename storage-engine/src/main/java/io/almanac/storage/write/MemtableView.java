package io.almanac.storage.write;

import io.almanac.storage.memtable.Memtable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a read of one shard must look at: the memtable being written and the memtables being flushed (oldest
 * first) whose SSTables are not live yet.
 *
 * @param current  the memtable the shard writer applies mutations to
 * @param flushing memtables switched out and not yet replaced by live SSTables
 */
public record MemtableView(Memtable current, List<Memtable> flushing) {

    public MemtableView {
        flushing = List.copyOf(flushing);
    }

    MemtableView switchTo(Memtable fresh) {
        List<Memtable> older = new ArrayList<>(flushing);
        older.add(current);
        return new MemtableView(fresh, older);
    }

    /** @return this view with {@code current} replaced by the halves of its split: one current, one flushing */
    MemtableView split(Memtable.Split split) {
        List<Memtable> older = new ArrayList<>(flushing);
        older.add(split.named());
        return new MemtableView(split.rest(), older);
    }

    MemtableView without(Memtable flushed) {
        List<Memtable> remaining = new ArrayList<>(flushing);
        remaining.remove(flushed);
        return new MemtableView(current, remaining);
    }

    /** @return every memtable, the flushing ones first */
    public List<Memtable> all() {
        List<Memtable> all = new ArrayList<>(flushing);
        all.add(current);
        return all;
    }
}
