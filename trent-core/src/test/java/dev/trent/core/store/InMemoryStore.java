package dev.trent.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A reference {@link Store} in memory, for unit tests of the layers above the store. */
public final class InMemoryStore implements Store {
    private final TreeMap<String, byte[]> data = new TreeMap<>();

    @Override
    public synchronized Optional<byte[]> get(String key) {
        byte[] v = data.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public synchronized List<Entry> scan(String prefix) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : data.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            out.add(new Entry(e.getKey(), e.getValue().clone()));
        }
        return out;
    }

    @Override
    public synchronized void apply(List<Mutation> mutations) {
        for (Mutation m : mutations) {
            if (m.isDelete()) data.remove(m.key());
            else data.put(m.key(), m.value().clone());
        }
    }

    /** Direct access to the raw bytes, for tamper tests. */
    public synchronized Map<String, byte[]> raw() {
        return data;
    }

    @Override
    public void close() {}
}
