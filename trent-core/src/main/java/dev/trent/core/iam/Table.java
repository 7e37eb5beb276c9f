package dev.trent.core.iam;

import dev.trent.core.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of record the {@link IamView} holds in memory: the store prefix its records live under ({@code
 * iam/users/}), how a record is encoded, and the rows the view holds, each with the store revision that last wrote
 * it (the version a write's precondition names). Reads take no lock; {@link #publish} and {@link #remove} are called
 * under the view's lock only, after the store accepted the batch or when the change feed said so.
 *
 * @param <V> the record type
 */
final class Table<V> {
    private static final Logger LOG = LoggerFactory.getLogger(Table.class);

    /** A record and the store revision that last wrote it. */
    record Row<V>(V value, long version) {}

    /** Encodes and decodes one kind of record; decoding compiles what must be compiled (policies). */
    interface Codec<V> {
        byte[] encode(V value);

        /** The record stored under id {@code id}. */
        V decode(String id, byte[] bytes);
    }

    /** Told of every change published to the table ({@code before} or {@code after} null for a creation or removal). */
    @FunctionalInterface
    interface Listener<V> {
        void changed(V before, V after);
    }

    private final String prefix;
    private final Codec<V> codec;
    private final ConcurrentHashMap<String, Row<V>> rows = new ConcurrentHashMap<>();
    private final List<Listener<V>> listeners = new ArrayList<>(1);

    Table(String prefix, Codec<V> codec) {
        this.prefix = prefix;
        this.codec = codec;
    }

    String prefix() {
        return prefix;
    }

    /** The store key of the record with id {@code id}. */
    String key(String id) {
        return prefix + id;
    }

    byte[] encode(V value) {
        return codec.encode(value);
    }

    /** Adds a listener (set-up only, before the table is loaded). */
    void listen(Listener<V> listener) {
        listeners.add(listener);
    }

    // ------------------------------------------------------------------ reads

    Row<V> row(String id) {
        return rows.get(id);
    }

    V get(String id) {
        Row<V> r = rows.get(id);
        return r == null ? null : r.value();
    }

    Optional<V> find(String id) {
        return Optional.ofNullable(get(id));
    }

    Collection<Row<V>> rows() {
        return rows.values();
    }

    List<V> values() {
        List<V> out = new ArrayList<>(rows.size());
        for (Row<V> r : rows.values()) out.add(r.value());
        return out;
    }

    int size() {
        return rows.size();
    }

    // ------------------------------------------------------------------ changes (under the view's lock)

    void publish(String id, V value, long version) {
        Row<V> before = rows.put(id, new Row<>(value, version));
        for (Listener<V> l : listeners) l.changed(before == null ? null : before.value(), value);
    }

    void remove(String id) {
        Row<V> before = rows.remove(id);
        if (before != null) for (Listener<V> l : listeners) l.changed(before.value(), null);
    }

    /** Whether the store key belongs to this table. */
    boolean owns(String storeKey) {
        return storeKey.startsWith(prefix);
    }

    /** Whether a change of {@code storeKey} at {@code revision} is newer than what the table holds. */
    boolean isNewer(String storeKey, long revision) {
        Row<V> r = rows.get(storeKey.substring(prefix.length()));
        return r == null || r.version() < revision;
    }

    /** Re-reads one record from the store (it may be gone). */
    void reload(Store store, String storeKey) {
        String id = storeKey.substring(prefix.length());
        Optional<Store.Entry> e = store.get(storeKey);
        if (e.isEmpty()) {
            remove(id);
            return;
        }
        V value = decode(id, e.get());
        if (value == null) remove(id);
        else publish(id, value, e.get().version());
    }

    /** Replaces every row with what the store holds. */
    void reloadAll(Store store) {
        Map<String, Row<V>> fresh = new HashMap<>();
        for (Store.Entry e : store.scan(prefix)) {
            String id = e.key().substring(prefix.length());
            V value = decode(id, e);
            if (value != null) fresh.put(id, new Row<>(value, e.version()));
        }
        for (String id : List.copyOf(rows.keySet())) {
            if (!fresh.containsKey(id)) remove(id);
        }
        fresh.forEach((id, row) -> {
            Row<V> held = rows.get(id);
            if (held == null || held.version() != row.version()) publish(id, row.value(), row.version());
        });
    }

    private V decode(String id, Store.Entry e) {
        try {
            return codec.decode(id, e.value());
        } catch (RuntimeException unreadable) {
            // A record this version cannot read is left out of the view (and so grants nothing), not fatal.
            LOG.warn("Cannot read the record {} ({}); it is ignored", e.key(), unreadable.toString());
            return null;
        }
    }
}
